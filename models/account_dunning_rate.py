from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..account_dunning_fr import rates

#: The oldest half-year a claim still open can need: the euro era, well beyond any prescription.
EARLIEST_RATE_DATE = date(2000, 1, 1)


class AccountDunningRate(models.Model):
    _name = "account.dunning.rate"
    _description = "Dunning Reference Rate"
    _order = "kind, date_from desc"

    kind = fields.Selection(
        [
            (rates.ECB_REFI, "ECB main refinancing rate"),
            (rates.LEGAL_PRIVATE_CREDITOR, "Legal interest rate (creditor is a private individual)"),
            (rates.LEGAL_OTHER, "Legal interest rate (all other creditors)"),
        ],
        required=True,
    )
    date_from = fields.Date(
        string="Half-Year Start",
        required=True,
        help="1 January or 1 July: the rate applies to that whole half-year (C. com. L441-10 II, C. mon. fin. L313-2).",
    )
    # A sum of rates means nothing: grouped lists show none.
    rate = fields.Float(string="Rate (%)", required=True, digits=(5, 2), aggregator=None)
    source = fields.Char(help="Where the figure was read (official journal, ECB decision...).")

    @api.depends("kind", "date_from", "rate")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for record in self:
            record.display_name = "%s %s: %.2f %%" % (
                labels.get(record.kind, ""),
                record.date_from and rates.half_year_label(record.date_from) or "",
                record.rate,
            )

    @api.constrains("date_from", "rate", "kind")
    def _check_half_year(self):
        for record in self:
            if (record.date_from.month, record.date_from.day) not in ((1, 1), (7, 1)):
                raise ValidationError(
                    self.env._(
                        "A reference rate applies to a half-year: date it 1 January or 1 July, not %(date)s.",
                        date=format_date(self.env, record.date_from),
                    )
                )
            if record.rate < 0:
                raise ValidationError(self.env._("A reference rate cannot be negative."))
            if record.rate > 100:
                raise ValidationError(
                    self.env._(
                        "A reference rate is a yearly percentage of at most 100, not %(rate)s.", rate=record.rate
                    )
                )
            # Rates are published at most a half-year ahead; a far date is a typing error that
            # would silently become the rate of every future penalty.
            latest = fields.Date.context_today(self) + relativedelta(years=1)
            if not EARLIEST_RATE_DATE <= record.date_from <= latest:
                raise ValidationError(
                    self.env._(
                        "A reference rate starts between %(earliest)s and %(latest)s, not on %(date)s.",
                        earliest=format_date(self.env, EARLIEST_RATE_DATE),
                        latest=format_date(self.env, latest),
                        date=format_date(self.env, record.date_from),
                    )
                )
            clash = self.search_count(
                [("id", "!=", record.id), ("kind", "=", record.kind), ("date_from", "=", record.date_from)]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "A rate of this kind is already recorded for half-year %(half_year)s.",
                        half_year=rates.half_year_label(record.date_from),
                    )
                )

    @api.model
    def _dunning_table(self):
        """Every recorded rate as the core's table (a few dozen rows: read once per run)."""
        records = self.sudo().search_fetch([], ["kind", "date_from", "rate", "source"])
        return rates.RateTable(
            rates.Rate(
                record.kind, record.date_from, Decimal(str(record.rate)).quantize(Decimal("0.01")), record.source or ""
            )
            for record in records
        )
