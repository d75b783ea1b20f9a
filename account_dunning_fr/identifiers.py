"""French company identifiers on letters: the SIREN (9 digits) of the creditor and the debtor.

A letter names both parties as their invoices did; a company's ``company_registry`` in Odoo
holds its SIREN or the SIRET of one of its establishments (the SIREN followed by a 5-digit
establishment number, both numbered by INSEE). Both end with a Luhn check digit:
``stdnum.fr.siren`` and ``stdnum.fr.siret`` (python-stdnum, an Odoo requirement) validate
them, so no letter prints a number that cannot exist. No hand-made checksum here.
"""

from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret

from .exceptions import InvalidCompanyNumber


def siren_of(number):
    """The SIREN of ``number``, a SIREN or a SIRET (spaces, dots and dashes allowed).

    Raises ``InvalidCompanyNumber`` when it is neither (length, characters or check digit).

    >>> siren_of("732 829 320 00074"), siren_of("552100554")
    ('732829320', '552100554')
    >>> siren_of("732 829 321")
    Traceback (most recent call last):
    ...
    account_dunning_fr.exceptions.InvalidCompanyNumber: 732 829 321
    """
    compact = siren.compact(number or "")
    try:
        if len(compact) == 14:
            return siret.to_siren(siret.validate(compact))
        return siren.validate(compact)
    except ValidationError:
        raise InvalidCompanyNumber(number) from None
