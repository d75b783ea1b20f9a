# Run by scripts/demo.sh inside `odoo-bin shell` (``env`` is the shell's environment).
# The seed article's three cases, walked day by day through the real scheduled action.
import os
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.fields import Command

OUTPUT = os.environ["DUNNING_DEMO_OUTPUT"]
FIRST_DAY, LAST_DAY = date(2026, 2, 2), date(2026, 4, 6)

env["ir.config_parameter"].set_param("report.url", os.environ["DUNNING_REPORT_URL"])
# A French company of its own, with the French chart of accounts and VAT: the database's
# first company was created before any country was known.
company = env["res.company"].create({
    "name": "Atelier Dubois SARL", "street": "8 quai Saint-Vincent", "zip": "69001", "city": "Lyon",
    "country_id": env.ref("base.fr").id, "currency_id": env.ref("base.EUR").id,
    "email": "compta@atelier-dubois.fr", "company_registry": "732 829 320 00074", "vat": "FR44732829320",
})
env["account.chart.template"].try_loading("fr", company, install_demo=False)
env.user.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
env["res.partner.bank"].create({"partner_id": company.partner_id.id, "acc_number": "FR7630006000011234567890189"})
env["res.lang"]._activate_lang("fr_FR")
env.user.lang = "fr_FR"


def customer(name, category=None, **values):
    return env["res.partner"].create({
        "name": name, "street": "12 rue de la Paix", "zip": "75002", "city": "Paris",
        "country_id": env.ref("base.fr").id, "email": "%s@example.com" % name.split()[0].lower(),
        "category_id": [Command.set(env.ref(category).ids)] if category else False,
        **values,
    })


def invoice(partner, label, amount, tax_rate, due):
    taxes = env["account.tax"].search([
        ("company_id", "=", company.id), ("type_tax_use", "=", "sale"), ("amount", "=", tax_rate),
        ("price_include", "=", False)], limit=1) if tax_rate else env["account.tax"]
    move = env["account.move"].create({
        "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": due, "invoice_date_due": due,
        "invoice_line_ids": [Command.create({"name": label, "quantity": 1, "price_unit": amount,
                                             "tax_ids": [Command.set(taxes.ids)]})],
    })
    move.action_post()
    return move


business = customer("Industrie Martin SAS", "account_dunning_fr.partner_category_b2b_sme",
                    is_company=True, company_registry="552 100 554 00025", vat="FR96552100554")
consumer = customer("Claire Dupont", "account_dunning_fr.partner_category_b2c_small")
tenant = customer("Paul Bernard", "account_dunning_fr.partner_category_rent")
invoices = (
    invoice(business, "Usinage de pièces, commande 2026-014", 15000.0, 20.0, date(2026, 3, 2))
    | invoice(consumer, "Site vitrine (prestation freelance)", 900.0, 0, date(2026, 3, 3))
    | invoice(tenant, "Loyer février 2026, 4 rue des Lilas", 800.0, 0, date(2026, 2, 5))
    | invoice(tenant, "Loyer mars 2026, 4 rue des Lilas", 800.0, 0, date(2026, 3, 5))
)
env.cr.commit()

letters = env["account.dunning.letter"]
day = FIRST_DAY
while day <= LAST_DAY:
    with freeze_time(day):
        created = env["account.move"]._cron_dunning_advance(commit=False)
        # The email action the run triggers: here, right away.
        env["account.dunning.letter"]._cron_dunning_send_emails(commit=False)
        for letter in created.filtered(lambda letter: letter.channel != "email"):
            if letter.channel == "registered_letter":
                letter.tracking_ref = "1A %03d 456 7890 1" % letter.id
            letter._dunning_mark_sent(day)
    letters |= created
    day += timedelta(days=1)
env.cr.commit()

rows = []
for letter in letters.sorted(lambda letter: (letter.partner_id.name, letter.date, letter.id)):
    path = os.path.join(OUTPUT, "%s - %s - %s.pdf" % (
        letter.date.isoformat(), letter.partner_id.name, letter.level_id.with_context(lang="fr_FR").name))
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(letter._dunning_report(), letter.ids)
    with open(path, "wb") as handle:
        handle.write(pdf)
    values = letter._dunning_letter_values()
    status = letter.email_state if letter.channel == "email" else letter.state
    for line in values["lines"]:
        rows.append((letter.partner_id.name, line["number"], letter.level_id.with_context(lang="fr_FR").name,
                     values["date"], line["residual"], line["interest"], line["indemnity"],
                     "%s / %s" % (letter.channel, status)))
env.cr.commit()

header = ("Débiteur", "Facture", "Niveau", "Date", "Dû", "Intérêts", "Indemnité", "Canal/état")
widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
print()
for row in [header] + rows:
    print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
print("\n%d letters, %d PDFs in %s" % (len(letters), len(os.listdir(OUTPUT)), OUTPUT))
