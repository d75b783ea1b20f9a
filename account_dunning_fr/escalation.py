"""What can follow an unpaid mise en demeure, and the dates that matter afterwards.

This module lists the procedures the law offers a creditor for a kind of debtor
and an amount; it never says which one will succeed (that is a lawyer's advice,
loi 71-1130 art. 54) and never offers a procedure whose text is not verified in
force (the L126-1 CPCE procedure for uncontested commercial claims is left out).

- Injonction de payer (CPC 1405 ff.), by court:
  commercial court between traders (Cerfa 12946*02); judicial court (Cerfa
  12948*06); its juge des contentieux de la protection for residential rent
  (Cerfa 16040*01). The order must be served within 3 months for orders issued
  from 1 September 2026 (décret 2026-96; 6 months before), otherwise it lapses;
  the debtor may object within 1 month of service (CPC 1416), or, when the order
  was not served to the person, of the first act served to the person or the
  first measure making assets unavailable (1416 al. 2). Since 1 March 2022 the
  order is issued enforceable (décret 2021-1322, CPC 1422): with no objection
  filed, the creditor enforces from the day after the period (2 months after
  service for orders from 1 September 2026, décret 2026-96). Every period is
  computed as CPC 641 and 642 compute them (``dates.period_end``).
  Filing the request does not interrupt prescription; serving the order does.
- Small claims through a commissaire de justice (CPCE L125-1, R125-1 ff.): a
  contractual debt of at most 5,000 euros, interest included; the debtor's
  silence for one month counts as a refusal.
- Residential rent (loi 89-462 art. 24): the commandement de payer visant la
  clause résolutoire, served by a commissaire de justice; 6 weeks to pay for
  leases signed from 29 July 2023 (loi 2023-668), otherwise the lease's clause
  (typically 2 months, Cass. avis 13 June 2024, 24-70.002).
- Commercial lease (C. com. L145-41): the commandement gives 1 month.
- Public buyers (Code de la commande publique): a public contract's payment is a matter
  for the administrative judge, never the commercial court. The référé-provision before
  the administrative court (CJA R541-1, verified with the project's search tool: "le juge
  des référés peut, même en l'absence d'une demande au fond, accorder une provision au
  créancier qui l'a saisi lorsque l'existence de l'obligation n'est pas sérieusement
  contestable"), after a prior claim to the buyer (CJA R421-1: a request for a sum of money
  is admissible only after the administration's decision on a prior request). No
  injonction de payer and no small-claims procedure: neither lies against a public person.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import dates
from .exceptions import LeaseClauseMissing, LeaseClauseTooShort, PersonalActBeforeService, UnknownDebtorType
from .penalties import B2B, COMMERCIAL_TENANT, CONSUMER, PUBLIC_BUYER, RESIDENTIAL_TENANT

INJUNCTION_COMMERCIAL_COURT = "injunction_commercial_court"
INJUNCTION_JUDICIAL_COURT = "injunction_judicial_court"
INJUNCTION_PROTECTION_JUDGE = "injunction_protection_judge"
SMALL_CLAIMS = "small_claims"
RENT_COMMAND = "rent_command"
COMMERCIAL_LEASE_COMMAND = "commercial_lease_command"
ADMINISTRATIVE_INTERIM_PAYMENT = "administrative_interim_payment"
INJUNCTIONS = (INJUNCTION_COMMERCIAL_COURT, INJUNCTION_JUDICIAL_COURT, INJUNCTION_PROTECTION_JUDGE)

#: CPC 1405 ff.: the request form of each court.
CERFA = {
    INJUNCTION_COMMERCIAL_COURT: "12946*02",
    INJUNCTION_JUDICIAL_COURT: "12948*06",
    INJUNCTION_PROTECTION_JUDGE: "16040*01",
}
#: CPCE L125-1: ceiling of the small-claims procedure, interest included.
SMALL_CLAIMS_CEILING = Decimal("5000")
#: loi 2023-668: leases signed from this day give 6 weeks after the commandement.
RENT_REFORM_DATE = date(2023, 7, 29)
RENT_COMMAND_DAYS = 42
#: Before loi 2023-668 the clause took effect "deux mois après un commandement de payer demeuré
#: infructueux" (art. 24 al. 1, former wording): two months, counted here as 60 days.
OLD_LEASE_MINIMUM_DAYS = 60
#: C. com. L145-41: "un mois après un commandement demeuré infructueux" (a calendar month, not 30 days).
COMMERCIAL_LEASE_COMMAND_MONTHS = 1
#: décret 2026-96: orders issued from this day must be served within 3 months, 6 before.
SHORTER_SERVICE_FROM = date(2026, 9, 1)
#: décret 2021-1322: orders issued from this day carry the formule exécutoire (CPC 1422).
ENFORCEABLE_AS_ISSUED_FROM = date(2022, 3, 1)


@dataclass(frozen=True)
class Procedure:
    """A procedure open to the creditor: ``code`` (a constant of this module), the request
    form where there is one, and the debtor's payment period after a commandement."""

    code: str
    cerfa: str = ""
    payment_days: int = 0
    payment_months: int = field(default=0, repr=False)


def small_claims_available(amount):
    """Whether the small-claims procedure before a commissaire de justice is open for a claim
    of ``amount`` (principal and interest): CPCE L125-1 (a claim of contractual cause, rent
    included) and R125-1 (at most 5 000 euros). The one rule letters and escalation share.

    >>> small_claims_available(Decimal("5000")), small_claims_available(Decimal("5000.01"))
    (True, False)
    >>> small_claims_available(0)
    False
    """
    return Decimal(0) < Decimal(amount) <= SMALL_CLAIMS_CEILING


def amount_allows(code, amount):
    """Whether a claim of ``amount`` (principal and interest) may go through the procedure
    ``code``: the small-claims procedure only up to its ceiling (``small_claims_available``,
    CPCE R125-1); no other procedure offered here has one. ``procedures`` offers a procedure
    for an amount only if this allows it; a file whose amount is computed again asks again,
    since the claim may have grown past the ceiling (a payment reversed, a rate entered).

    >>> amount_allows(SMALL_CLAIMS, Decimal("4999.99")), amount_allows(SMALL_CLAIMS, Decimal("6087.89"))
    (True, False)
    >>> amount_allows(INJUNCTION_COMMERCIAL_COURT, Decimal("60000"))
    True
    """
    return code != SMALL_CLAIMS or small_claims_available(amount)


def procedures(debtor_type, amount, debtor_is_trader=True, lease_signed_on=None, lease_clause_days=None):
    """The procedures open for ``amount`` (principal, interest and indemnity) owed by a
    debtor of ``debtor_type``, most usual first.

    ``debtor_is_trader``: a business debtor goes before the commercial court only if it
    is a trader or a commercial company (C. com. L721-3); a non-trading business (a
    liberal profession, an association) before the judicial court. For residential rent,
    ``lease_signed_on`` decides the commandement's delay (loi 2023-668); an older lease
    needs its own clause's ``lease_clause_days``.

    >>> [p.code for p in procedures("b2b", Decimal("4800"))]
    ['injunction_commercial_court', 'small_claims']
    >>> [p.code for p in procedures("consumer", Decimal("6000"))]
    ['injunction_judicial_court']
    >>> procedures("residential_tenant", Decimal("2400"), lease_signed_on=date(2024, 1, 1))[0]
    Procedure(code='rent_command', cerfa='', payment_days=42)
    >>> [p.code for p in procedures("public_buyer", Decimal("4800"))]
    ['administrative_interim_payment']
    """
    amount = Decimal(amount)
    if debtor_type == PUBLIC_BUYER:
        # CJA R541-1: the administrative route only (no injonction, no small claims).
        return [Procedure(ADMINISTRATIVE_INTERIM_PAYMENT)]
    if debtor_type == B2B:
        court = INJUNCTION_COMMERCIAL_COURT if debtor_is_trader else INJUNCTION_JUDICIAL_COURT
        found = [Procedure(court, CERFA[court])]
    elif debtor_type == CONSUMER:
        found = [Procedure(INJUNCTION_JUDICIAL_COURT, CERFA[INJUNCTION_JUDICIAL_COURT])]
    elif debtor_type == RESIDENTIAL_TENANT:
        found = [
            Procedure(RENT_COMMAND, payment_days=rent_command_days(lease_signed_on, lease_clause_days)),
            Procedure(INJUNCTION_PROTECTION_JUDGE, CERFA[INJUNCTION_PROTECTION_JUDGE]),
        ]
    elif debtor_type == COMMERCIAL_TENANT:
        found = [
            Procedure(COMMERCIAL_LEASE_COMMAND, payment_months=COMMERCIAL_LEASE_COMMAND_MONTHS),
            Procedure(INJUNCTION_JUDICIAL_COURT, CERFA[INJUNCTION_JUDICIAL_COURT]),
        ]
    else:
        raise UnknownDebtorType(debtor_type)
    if amount_allows(SMALL_CLAIMS, amount):
        found.append(Procedure(SMALL_CLAIMS))
    return found


def rent_command_days(lease_signed_on, lease_clause_days=None):
    """Days a residential tenant has to pay after the commandement (loi 89-462 art. 24 as
    amended by loi 2023-668): 42 for leases signed from 29 July 2023; for older leases the
    lease's clause, which the creditor must state: the 6 weeks do not shorten the clauses of
    leases in force (Cass. 3e civ., avis 13 June 2024, 24-70.002), and no clause could give
    less than the two months the former art. 24 al. 1 set ("ne produit effet que deux mois
    après un commandement de payer demeuré infructueux", quoted by efl.fr and by
    mantioneavocat.com, found with this project's search tool): ``LeaseClauseTooShort``.

    >>> rent_command_days(date(2023, 7, 29))
    42
    >>> rent_command_days(date(2020, 5, 1), 60)
    60
    """
    if lease_signed_on is None or lease_signed_on >= RENT_REFORM_DATE:
        return RENT_COMMAND_DAYS
    if not lease_clause_days or lease_clause_days <= 0:
        raise LeaseClauseMissing(lease_signed_on)
    if lease_clause_days < OLD_LEASE_MINIMUM_DAYS:
        raise LeaseClauseTooShort(lease_clause_days)
    return lease_clause_days


def order_enforceable_as_issued(order_date):
    """Whether an order issued on ``order_date`` carries the formule exécutoire from the
    start (décret 2021-1322, orders from 1 March 2022): the creditor then enforces once the
    objection period has passed with no objection filed, without asking the court again
    (CPC 1422); before, he had to ask for the formule exécutoire.

    >>> order_enforceable_as_issued(date(2022, 3, 1)), order_enforceable_as_issued(date(2022, 2, 28))
    (True, False)
    """
    return order_date >= ENFORCEABLE_AS_ISSUED_FROM


def service_deadline(order_date, subdivision=None):
    """Last day to serve an injonction de payer issued on ``order_date`` before it lapses:
    3 months for orders from 1 September 2026 (décret 2026-96), 6 months before (CPC 1411),
    computed as CPC 641 and 642 compute periods (``dates.period_end``; ``subdivision``: the
    debtor's public holidays, ``dates.holiday_subdivision``).

    >>> service_deadline(date(2026, 10, 5))
    datetime.date(2027, 1, 5)
    >>> service_deadline(date(2026, 8, 31))  # 28 February 2027 is a Sunday
    datetime.date(2027, 3, 1)
    """
    return dates.period_end(order_date, months=3 if order_date >= SHORTER_SERVICE_FROM else 6, subdivision=subdivision)


def objection_deadline(service_date, subdivision=None, served_to_person=True, personal_act_date=None):
    """Last day for the debtor's objection: 1 month from service (CPC 1416 al. 1, with 641
    and 642). When the order was not served to the debtor in person, the month runs from the
    first act served to the person or the first measure making the debtor's assets wholly or
    partly unavailable (1416 al. 2; Cass. 2e civ. 24 October 2024, 22-15.682): ``None``
    until ``personal_act_date`` is known.

    >>> objection_deadline(date(2026, 11, 2))
    datetime.date(2026, 12, 2)
    >>> objection_deadline(date(2026, 11, 2), served_to_person=False) is None
    True
    >>> objection_deadline(date(2026, 11, 2), served_to_person=False, personal_act_date=date(2027, 2, 10))
    datetime.date(2027, 3, 10)
    """
    if served_to_person:
        start = service_date
    elif personal_act_date is None:
        return None
    else:
        if personal_act_date < service_date:
            raise PersonalActBeforeService(personal_act_date)
        start = personal_act_date
    return dates.period_end(start, months=1, subdivision=subdivision)


def enforcement_date(order_date, service_date, subdivision=None):
    """First day the creditor may enforce the order when no objection was filed: the day
    after the period running from service, "quelles que soient les modalités de la
    signification" (CPC 1422 as amended by décret 2021-1322: the objection period of 1416
    al. 1 suspends enforcement). The period is 1 month (1416 al. 1), 2 months for orders
    from 1 September 2026 (décret 2026-96), with 641 and 642. For an order issued before
    1 March 2022 it is the first day to ask for the formule exécutoire.

    Verified with the project's search tool: CPC 1422 in force from 1 March 2022 ("Quelles
    que soient les modalités de la signification, le délai d'opposition prévu au premier
    alinéa de l'article 1416 est suspensif d'exécution", doctrine.fr, article 1422 CPC).

    >>> enforcement_date(date(2026, 10, 5), date(2026, 11, 2))  # ends Saturday 2 January 2027
    datetime.date(2027, 1, 5)
    >>> enforcement_date(date(2026, 6, 5), date(2026, 6, 2))
    datetime.date(2026, 7, 3)
    """
    months = 2 if order_date >= SHORTER_SERVICE_FROM else 1
    return dates.period_end(service_date, months=months, subdivision=subdivision) + timedelta(days=1)
