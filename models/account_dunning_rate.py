import logging
from datetime import date
from decimal import Decimal

import requests
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..account_dunning_fr import exceptions, rates

_logger = logging.getLogger(__name__)

#: The oldest half-year a claim still open can need: the euro era, well beyond any prescription.
EARLIEST_RATE_DATE = date(2000, 1, 1)
#: ECB Data Portal REST API (law brief § 8): data/{flow}/{key}, CSV with TIME_PERIOD, OBS_VALUE.
ECB_RATES_URL = "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=csvdata"
ECB_TIMEOUT_SECONDS = 20
#: The feed fills half-years back to this many years: longer than the 5-year prescription
#: (C. com. L110-4); older ones are entered by hand if a claim needs them.
ECB_IMPORT_YEARS = 6


class AccountDunningRate(models.Model):
    _name = "account.dunning.rate"
    _description = "Dunning Reference Rate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    # ------------------------------------------------------------------
    # ECB feed (law brief § 8)
    # ------------------------------------------------------------------

    def _dunning_feed_error(self, error):
        reasons = {
            "empty": self.env._("it contains no observation"),
            "too_long": self.env._("it is far longer than the series"),
            "columns": self.env._("the TIME_PERIOD and OBS_VALUE columns are missing"),
            "series": self.env._("it is not series %(series)s", series=rates.ECB_SERIES),
            "value": self.env._("a date or a rate cannot be read"),
            "duplicate": self.env._("one date has two different rates"),
        }
        return UserError(
            self.env._(
                "The ECB rate file cannot be imported (line %(line)s): %(reason)s. Nothing was recorded.",
                line=error.line or "-",
                reason=reasons.get(error.reason, error.reason),
            )
        )

    @api.model
    def _dunning_import_ecb_csv(self, text):
        """Record, from the ECB Data Portal's CSV of series FM.B.U2.EUR.4F.KR.MRR_FR.LEV, the
        ECB rate of every half-year that has started and has none: the rate in force on its
        first day (C. com. L441-10 II: "le taux en vigueur au 1er janvier" / "au 1er juillet"),
        i.e. the last change on or before it. Returns the records created.

        Idempotent: a half-year already recorded is left alone; when its figure differs from
        the file's, the difference is logged as a warning and the recorded figure stays (a
        person decides). A malformed file raises a UserError and records nothing."""
        try:
            observations = rates.parse_ecb_csv(text)
        except exceptions.RateFeedError as error:
            raise self._dunning_feed_error(error) from None
        today = fields.Date.context_today(self)
        first = max(observations[0][0], today - relativedelta(years=ECB_IMPORT_YEARS), EARLIEST_RATE_DATE)
        recorded = {
            record.date_from: record
            for record in self.search_fetch([("kind", "=", rates.ECB_REFI)], ["date_from", "rate"])
        }
        values = []
        for start in rates.half_year_starts(first, today):
            in_force = rates.rate_in_force(observations, start)
            if in_force is None:
                continue
            changed_on, rate = in_force
            existing = recorded.get(start)
            if existing:
                if Decimal(str(existing.rate)).quantize(Decimal("0.01")) != rate:
                    _logger.warning(
                        "ECB rate feed: %s is recorded at %.2f %% but series %s gives %s %% (change of %s); "
                        "the recorded figure is kept, check it.",
                        rates.half_year_label(start),
                        existing.rate,
                        rates.ECB_SERIES,
                        rate,
                        changed_on,
                    )
                continue
            values.append(
                {
                    "kind": rates.ECB_REFI,
                    "date_from": start,
                    "rate": float(rate),
                    "source": self.env._(
                        "ECB Data Portal, series %(series)s: rate in force on %(day)s (change of %(changed)s), "
                        "read on %(read)s",
                        series=rates.ECB_SERIES,
                        day=start.isoformat(),
                        changed=changed_on.isoformat(),
                        read=today.isoformat(),
                    ),
                }
            )
        return self.create(values) if values else self.browse()

    @api.model
    def _cron_dunning_update_rates(self):
        """Daily: download the ECB series (timeout 20 s) and import it. No network, an error
        answer or a malformed file: a warning in the log, nothing written, no exception (the
        scheduler goes on; the missing half-year keeps its days pending on the letters)."""
        url = self.env["ir.config_parameter"].sudo().get_param("account_dunning_fr.ecb_rates_url") or ECB_RATES_URL
        try:
            response = requests.get(url, timeout=ECB_TIMEOUT_SECONDS, headers={"Accept": "text/csv"})
            response.raise_for_status()
            text = response.text
        except requests.RequestException as error:
            _logger.warning("ECB rate feed: cannot download %s: %s", url, error)
            return self.browse()
        try:
            with self.env.cr.savepoint():
                created = self._dunning_import_ecb_csv(text)
        except (UserError, ValidationError) as error:
            _logger.warning("ECB rate feed: %s", error)
            return self.browse()
        if created:
            _logger.info("ECB rate feed: recorded %s", ", ".join(created.mapped("display_name")))
        return created

    # ------------------------------------------------------------------
    # Missing rates: who enters them, and which half-years letters wait for
    # ------------------------------------------------------------------

    @api.model
    def _dunning_missing_in_use(self, company=None):
        """``[(kind, half-year start)]`` the open overdue invoices need and the table lacks:
        the ECB rate (business debtors) and the legal rate, "all other cases" (contractual
        floor, legal interest after a mise en demeure), from the oldest due date to today."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        domain = [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "not in", ("paid", "in_payment", "reversed")),
            ("invoice_date_due", "<", today),
        ]
        [(oldest,)] = self.env["account.move"].sudo()._read_group(domain, aggregates=["invoice_date_due:min"])
        if not oldest:
            return []
        return self._dunning_table().missing((rates.ECB_REFI, rates.LEGAL_OTHER), oldest, today)

    @api.model
    def dunning_missing_in_use_note(self):
        """The banner of the rates and letters lists (``dunning_rates_banner_list``): every
        half-year in use without its rate. Public for the web client: it only says which
        half-years lack a rate, to users who may read the rates and the invoices."""
        self.check_access("read")
        self.env["account.move"].check_access("read")
        return self._dunning_missing_in_use_note()

    @api.model
    def _dunning_missing_in_use_note(self):
        """The banner's text: every half-year in use without its rate."""
        missing = self._dunning_missing_in_use()
        if not missing:
            return ""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return self.env._(
            "Rates missing for half-years in use: %(rates)s. Letters are still made; the interest of "
            "those days is claimed à parfaire until the rate is entered here.",
            rates=", ".join("%s (%s)" % (kinds[kind], rates.half_year_label(start)) for kind, start in missing),
        )

    @api.model
    def _dunning_remind_legal_rates(self, company, today):
        """The French legal rates have no keyless feed (law brief § 8): from 15 June and 15
        December, while the next half-year's legal rates are missing (and while the current
        half-year's are), one activity for the Collections Manager asks for them. Returns the
        activities created."""
        activities = self.env["mail.activity"]
        user = company.dunning_user_id
        anchor = self.sudo().search([("kind", "=", rates.LEGAL_OTHER)], order="date_from desc", limit=1)
        if not user or not anchor:
            return activities
        activity_type = self.env.ref("account_dunning_fr.mail_activity_type_dunning_rates")
        for start in rates.legal_rates_to_enter(self._dunning_table(), today):
            summary = self.env._(
                "Enter the legal interest rates for %(half_year)s", half_year=rates.half_year_label(start)
            )
            if (
                self.env["mail.activity"]
                .sudo()
                .search_count(
                    [
                        ("res_model", "=", self._name),
                        ("activity_type_id", "=", activity_type.id),
                        ("summary", "=", summary),
                        ("user_id", "=", user.id),
                    ],
                    limit=1,
                )
            ):
                continue
            activities |= anchor.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=max(today, start),
                summary=summary,
                note=self.env._(
                    "The arrêté setting the legal interest rates for %(half_year)s is published in the "
                    "Journal officiel in late June or December. Enter both rates (creditor is a private "
                    "individual; all other creditors) with their source in Accounting > Configuration > "
                    "Dunning Rates.",
                    half_year=rates.half_year_label(start),
                ),
                user_id=user.id,
            )
        return activities
