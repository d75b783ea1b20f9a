# Run by scripts/demo.sh inside `odoo-bin shell` (``env`` is the shell's environment).
# The seed article's three cases, walked day by day through the real scheduled action.
import os
import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.fields import Command

OUTPUT = os.environ["DUNNING_DEMO_OUTPUT"]
FIRST_DAY, LAST_DAY = date(2026, 2, 2), date(2026, 4, 15)

env["ir.config_parameter"].set_param("report.url", os.environ["DUNNING_REPORT_URL"])
# A French company of its own, with the French chart of accounts and VAT: the database's
# first company was created before any country was known.
company = env["res.company"].create(
    {
        "name": "Atelier Dubois SARL",
        "street": "8 quai Saint-Vincent",
        "zip": "69001",
        "city": "Lyon",
        "country_id": env.ref("base.fr").id,
        "currency_id": env.ref("base.EUR").id,
        "email": "compta@atelier-dubois.fr",
        "company_registry": "732 829 320 00074",
        "vat": "FR44732829320",
    }
)
env["account.chart.template"].try_loading("fr", company, install_demo=False)
env.user.write({"company_ids": [Command.link(company.id)], "company_id": company.id})
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
env["res.partner.bank"].create({"partner_id": company.partner_id.id, "acc_number": "FR7630006000011234567890189"})
env["res.lang"]._activate_lang("fr_FR")
env.user.lang = "fr_FR"
# The screenshots log in as admin: in French, on this company.
admin = env.ref("base.user_admin")
admin.write(
    {"company_ids": [Command.link(company.id)], "company_id": company.id, "lang": "fr_FR", "tz": "Europe/Paris"}
)
company.dunning_user_id = admin


def customer(name, category=None, **values):
    return env["res.partner"].create(
        {
            "name": name,
            "street": "12 rue de la Paix",
            "zip": "75002",
            "city": "Paris",
            "country_id": env.ref("base.fr").id,
            "email": "%s@example.com" % name.split()[0].lower(),
            "category_id": [Command.set(env.ref(category).ids)] if category else False,
            **values,
        }
    )


def invoice(partner, label, amount, tax_rate, due, **values):
    taxes = (
        env["account.tax"].search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", tax_rate),
                ("price_include", "=", False),
            ],
            limit=1,
        )
        if tax_rate
        else env["account.tax"]
    )
    move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": due,
            "invoice_date_due": due,
            "invoice_line_ids": [
                Command.create(
                    {"name": label, "quantity": 1, "price_unit": amount, "tax_ids": [Command.set(taxes.ids)]}
                )
            ],
            **values,
        }
    )
    move.action_post()
    return move


business = customer(
    "Industrie Martin SAS",
    "account_dunning_fr.partner_category_b2b_sme",
    is_company=True,
    company_registry="552 100 554 00021",
    vat="FR96552100554",
)
consumer = customer("Claire Dupont", "account_dunning_fr.partner_category_b2c_small")
tenant = customer("Paul Bernard", "account_dunning_fr.partner_category_rent")
# The tenant's mother stands surety for the lease: the run tells her of the first unpaid rent
# one month after its due date (C. civ. 2303).
tenant_guarantor = customer("Jeanne Bernard", zip="69003", city="Lyon")
tenant.dunning_guarantor_ids = [Command.set(tenant_guarantor.ids)]
# A public buyer: moratorium interest at the ECB rate + 8 points, one rate (CCP R2192-31),
# and the administrative court after the formal notice (CJA R541-1).
town = customer(
    "Commune de Villeurbanne",
    "account_dunning_fr.partner_category_public_buyer",
    is_company=True,
    zip="69100",
    city="Villeurbanne",
    company_registry="216 902 643 00016",
)
# A customer in receivership from 16 March 2026: its earlier invoices are no longer dunned
# but declared to the trustee; the one born after the judgment is dunned as usual.
joinery = customer(
    "Menuiserie Girard SARL",
    "account_dunning_fr.partner_category_b2b_sme",
    is_company=True,
    zip="69007",
    city="Lyon",
    company_registry="813 456 787 00015",
)
trustee = customer(
    "SELARL MJ Rhône, mandataire judiciaire", is_company=True, zip="69003", city="Lyon", email="mj@example.com"
)
joinery_invoices = (
    invoice(joinery, "Fournitures bois, commande 2026-008", 6000.0, 20.0, date(2026, 2, 16))
    # delivered before the judgment, invoiced and due after it: declared "à échoir"
    | invoice(
        joinery, "Quincaillerie, livraison du 10 mars", 1200.0, 20.0, date(2026, 4, 30), delivery_date=date(2026, 3, 10)
    )
    | invoice(joinery, "Fournitures bois, commande 2026-019 (après le jugement)", 900.0, 20.0, date(2026, 3, 23))
)
invoices = (
    invoice(town, "Mobilier scolaire, marché 2025-17", 10000.0, 20.0, date(2026, 3, 2))
    | invoice(business, "Usinage de pièces, commande 2026-014", 15000.0, 20.0, date(2026, 3, 2))
    | invoice(consumer, "Site vitrine (prestation freelance)", 900.0, 0, date(2026, 3, 3))
    | invoice(tenant, "Loyer février 2026, 4 rue des Lilas", 800.0, 0, date(2026, 2, 5))
    | invoice(tenant, "Loyer mars 2026, 4 rue des Lilas", 800.0, 0, date(2026, 3, 5))
)

# The collections workflow around the ladder: a dispute, promises kept and broken, a
# phone level, a claim close to prescription, acknowledgments.
bakery = customer("Boulangerie Petit SARL", "account_dunning_fr.partner_category_b2b_sme", is_company=True)
garage = customer("Garage Leroy SARL", "account_dunning_fr.partner_category_b2b_sme", is_company=True)
sophie = customer("Sophie Martin", "account_dunning_fr.partner_category_b2c_small")
key_account = customer("Distribution Rhône SA", is_company=True, phone="+33 4 78 00 00 00")
old_debtor = customer("Marc Lefèvre", "account_dunning_fr.partner_category_b2c_small")
phone_profile = (
    env["account.dunning.profile"]
    .search([("company_id", "=", company.id), ("debtor_type", "=", "b2b")], limit=1)
    .copy({"name": "Grands comptes (appel d'abord)", "is_default": False, "partner_category_ids": [Command.clear()]})
)
phone_profile.level_ids.sorted("sequence")[0].channel = "phone"
key_account.with_company(company).dunning_profile_id = phone_profile
workflow = {
    "dispute": invoice(bakery, "Viennoiseries, livraison du 20 février", 2400.0, 5.5, date(2026, 3, 2)),
    "broken": invoice(garage, "Entretien flotte, février 2026", 3000.0, 20.0, date(2026, 3, 2)),
    "kept": invoice(sophie, "Cours particuliers, février 2026", 600.0, 0, date(2026, 3, 3)),
    "phone": invoice(key_account, "Fournitures, commande 2026-031", 8000.0, 20.0, date(2026, 3, 2)),
    "old": invoice(old_debtor, "Dépannage informatique, avril 2024", 450.0, 0, date(2024, 5, 10)),
    # A payment plan signed, its first instalment paid, the second not: the plan fails.
    "plan": invoice(
        customer("Léa Garnier", "account_dunning_fr.partner_category_b2c_small"),
        "Rénovation salle de bain, acompte",
        1500.0,
        0,
        date(2026, 2, 2),
    ),
    # Prescribes in January 2027: on the list of claims prescribing within six months.
    "prescribing": invoice(
        customer("Julien Roux", "account_dunning_fr.partner_category_b2c_small"),
        "Réparation vélo, janvier 2025",
        380.0,
        0,
        date(2025, 1, 15),
    ),
}
invoices |= env["account.move"].union(*workflow.values())
# Ten regular business customers, to see the recovery analysis at work: each pays (or not)
# some days after its due date; letters go out meanwhile.
PAYMENT_DELAYS = [8, 9, 11, 12, 14, 17, 18, 27, None, None]
regulars, regular_moves = {}, env["account.move"]
for number, delay in enumerate(PAYMENT_DELAYS, start=1):
    partner = customer(
        "Client régulier %02d SAS" % number, "account_dunning_fr.partner_category_b2b_sme", is_company=True
    )
    move = invoice(partner, "Commande récurrente mars 2026", 1200.0, 20.0, date(2026, 3, 2))
    regular_moves |= move
    if delay:
        regulars.setdefault(date(2026, 3, 2) + timedelta(days=delay), []).append(move)
invoices |= regular_moves
env.cr.commit()


def record_dispute():
    env["account.dunning.hold.wizard"].create(
        {
            "move_ids": [Command.set(workflow["dispute"].ids)],
            "kind": "dispute",
            "reason": "quality",
            "note": "Deux palettes livrées abîmées, photos reçues le 5 mars.",
        }
    ).action_confirm()


def record_promise(move, until):
    env["account.dunning.hold.wizard"].create(
        {
            "move_ids": [Command.set(move.ids)],
            "kind": "promise",
            "promise_date": until,
            "promise_amount": move.amount_residual,
        }
    ).action_confirm()


def pay(move, day):
    env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
        {"payment_date": day}
    ).action_create_payments()


def pay_amount(move, amount, day):
    env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
        {"payment_date": day, "amount": amount}
    ).action_create_payments()


def record_call():
    letter = workflow["phone"].dunning_letter_line_ids.letter_id
    env["account.dunning.call.wizard"].create(
        {
            "letter_id": letter.id,
            "outcome": "promise",
            "promise_date": date(2026, 3, 25),
            "promise_amount": 4000.0,
            "note": "Le service comptable paie la moitié le 25 mars.",
        }
    ).action_confirm()


def agree_plan():
    plan = env["account.dunning.plan"].create(
        {
            "partner_id": workflow["plan"].partner_id.id,
            "move_ids": [Command.set(workflow["plan"].ids)],
            "instalment_count": 3,
            "first_due_date": date(2026, 2, 20),
        }
    )
    plan.action_compute_lines()
    plan.action_activate()
    plan.signed_date = date(2026, 2, 10)
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf("account_dunning_fr.action_report_dunning_plan", plan.ids)
    with open(
        os.path.join(OUTPUT, "%s - %s.pdf" % (plan.name.replace("/", "-"), plan.partner_id.name)), "wb"
    ) as handle:
        handle.write(pdf)


def acknowledge(move, day, note):
    env["account.dunning.legal.event"].create({"move_id": move.id, "kind": "acknowledgment", "date": day, "note": note})


actions = {
    date(2026, 2, 10): [agree_plan],
    date(2026, 2, 19): [lambda: pay_amount(workflow["plan"], 500.0, date(2026, 2, 19))],
    date(2026, 3, 5): [record_dispute],
    date(2026, 3, 16): [
        lambda: joinery.write(
            {
                "dunning_insolvency_kind": "receivership",
                "dunning_insolvency_date": date(2026, 3, 16),
                "dunning_insolvency_court": "Tribunal des activités économiques de Lyon",
                "dunning_insolvency_trustee_id": trustee.id,
            }
        )
    ],
    date(2026, 3, 8): [
        lambda: record_promise(workflow["broken"], date(2026, 3, 20)),
        lambda: record_promise(workflow["kept"], date(2026, 3, 15)),
        record_call,
    ],
    date(2026, 3, 14): [lambda: pay(workflow["kept"], date(2026, 3, 14))],
    date(2026, 3, 25): [
        lambda: joinery.write({"dunning_insolvency_publication_date": date(2026, 3, 25)}),
        lambda: acknowledge(workflow["old"], date(2026, 3, 25), "Courriel du débiteur reconnaissant devoir 450 €."),
    ],
}

for payday, moves in regulars.items():
    actions.setdefault(payday, []).append(lambda moves=moves, payday=payday: [pay(move, payday) for move in moves])

letters = env["account.dunning.letter"]
day = FIRST_DAY
while day <= LAST_DAY:
    with freeze_time(day):
        for action in actions.get(day, []):
            action()
        created = env["account.move"]._cron_dunning_advance()
        # The email action the run triggers: here, right away.
        env["account.dunning.letter"]._cron_dunning_send_emails()
        # No mail server here: the queued emails are taken as accepted by one, as the mail
        # queue would report them.
        created.filtered(lambda letter: letter.email_state == "queued")._dunning_email_delivered()
        for letter in created.filtered(lambda letter: letter.channel not in ("email", "phone")):
            if letter.channel == "registered_letter":
                letter.tracking_ref = "1A %03d 456 7890 1" % letter.id
            letter._dunning_mark_sent(day)
    letters |= created
    day += timedelta(days=1)
env.cr.commit()

rows = []
for letter in letters.sorted(lambda letter: (letter.partner_id.name, letter.date, letter.id)):
    path = os.path.join(
        OUTPUT,
        "%s - %s - %s.pdf"
        % (letter.date.isoformat(), letter.partner_id.name, letter.level_id.with_context(lang="fr_FR").name),
    )
    pdf, _kind = env["ir.actions.report"]._render_qweb_pdf(letter._dunning_report(), letter.ids)
    with open(path, "wb") as handle:
        handle.write(pdf)
    values = letter._dunning_letter_values()
    status = letter.email_state if letter.channel == "email" else letter.state
    for line in values["lines"]:
        rows.append(
            (
                letter.partner_id.name,
                line["number"],
                letter.level_id.with_context(lang="fr_FR").name,
                values["date"],
                line["residual"],
                line["interest"],
                line["indemnity"],
                "%s / %s" % (letter.channel, status),
            )
        )
env.cr.commit()

# After the mise en demeure: an escalation file per debtor whose notice went unanswered.
files = env["account.dunning.escalation"]
with freeze_time(LAST_DAY):
    escalated = invoices.filtered(lambda move: move.dunning_escalation_date and move.amount_residual > 0)
    for partner in escalated.commercial_partner_id:
        moves = escalated.filtered(lambda move, partner=partner: move.commercial_partner_id == partner)
        values = {"move_ids": [Command.set(moves.ids)]}
        if moves.dunning_profile_id.debtor_type == "residential_tenant":
            values["lease_signed_on"] = date(2024, 9, 1)
        wizard = env["account.dunning.escalation.wizard"].create(values)
        files |= env["account.dunning.escalation"].browse(wizard.action_build()["res_id"])
for file in files:
    with open(
        os.path.join(OUTPUT, "%s - %s.pdf" % (file.name.replace("/", "-"), file.partner_id.name)), "wb"
    ) as handle:
        handle.write(file.pdf_attachment_id.raw)
# An injonction de payer through the court: served on 13 May 2026, its one-month objection
# period would end on Saturday 13 June and runs to Monday 15 June (CPC 642).
injunction = files.filtered(lambda file: file.procedure.startswith("injunction_"))[:1]
if injunction:
    with freeze_time(date(2026, 5, 14)):
        injunction.write({"filed_date": date(2026, 4, 20)})
        injunction.write({"order_date": date(2026, 5, 4)})
        injunction.write({"service_date": date(2026, 5, 13)})
# The receivership: the claim declaration, sent to the trustee and sealed with its SHA-256.
with freeze_time(date(2026, 4, 10)):
    claim = env["account.dunning.claim"].browse(joinery.action_dunning_declare_claims()["res_id"])
    claim.action_send()
with open(os.path.join(OUTPUT, "%s - %s.pdf" % (claim.name.replace("/", "-"), joinery.name)), "wb") as handle:
    handle.write(claim.pdf_attachment_id.raw)
# The guarantor's notices, sent: each PDF sealed with its SHA-256.
guarantor_notices = env["account.dunning.guarantor.notice"].search([("debtor_id", "=", tenant.id)])
with freeze_time(LAST_DAY):
    guarantor_notices.action_send()
for notice in guarantor_notices:
    with open(
        os.path.join(OUTPUT, "%s - %s.pdf" % (notice.name.replace("/", "-"), notice.guarantor_id.name)), "wb"
    ) as handle:
        handle.write(notice.pdf_attachment_id.raw)
env.cr.commit()

header = ("Débiteur", "Facture", "Niveau", "Date", "Dû", "Intérêts", "Indemnité", "Canal/état")
widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
print()
for row in [header] + rows:
    print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
print("\n%d letters, %d PDFs in %s" % (len(letters), len(os.listdir(OUTPUT)), OUTPUT))

print("\nWorkflow")
for label, move in workflow.items():
    move.invalidate_recordset()
    print(
        "  %-8s %-22s level %-20s paused %-5s promises %-14s disputes %-6s prescribes %s"
        % (
            label,
            move.partner_id.name,
            move.dunning_level_id.with_context(lang="fr_FR").name or "-",
            move.dunning_pause_reason,
            ",".join(move.dunning_promise_ids.mapped("state")) or "-",
            ",".join(move.dunning_dispute_ids.mapped("state")) or "-",
            move.dunning_prescription_date,
        )
    )
activities = env["mail.activity"].search([("res_model", "in", ("account.move", "account.dunning.letter"))])
print(
    "  activities: %s"
    % ", ".join(sorted("%s (%s)" % (activity.activity_type_id.name, activity.res_name) for activity in activities))
)
for plan in env["account.dunning.plan"].search([]):
    print(
        "  plan %s %s: %s, instalments %s"
        % (
            plan.name,
            plan.partner_id.name,
            plan.state,
            ", ".join(
                "%s %s%s"
                % (line.due_date, line.amount, " (relancée le %s)" % line.reminded_date if line.reminded_date else "")
                for line in plan.line_ids
            ),
        )
    )
print("\nEscalation files")
for file in files:
    print(
        "  %s  %-22s %-40s %s  %d pages, sha256 %s"
        % (
            file.name,
            file.partner_id.name,
            dict(file._fields["procedure"]._description_selection(env))[file.procedure],
            file.amount_total,
            len(re.findall(rb"/Type\s*/Page[^s]", file.pdf_attachment_id.raw)),
            file.pdf_sha256[:16],
        )
    )
for file in injunction:
    print(
        "  %s order %s served %s: objection until %s, enforceable from %s"
        % (file.name, file.order_date, file.service_date, file.objection_deadline, file.enforcement_date)
    )
print("\nInsolvency: %s (judgment %s)" % (joinery.name, joinery.dunning_insolvency_date))
for move in joinery_invoices:
    move.invalidate_recordset()
    print(
        "  %s %-55s letters %-30s paused %-10s prescription %s"
        % (
            move.name,
            move.invoice_line_ids[:1].name,
            ", ".join(move.dunning_letter_line_ids.letter_id.mapped("name")) or "-",
            move.dunning_pause_reason,
            move.dunning_prescription_note or move.dunning_prescription_date,
        )
    )
print(
    "  claim %s to %s: %s, total %s (interest %s, indemnity %s), deadline %s, sha256 %s"
    % (
        claim.name,
        claim.trustee_id.name,
        claim.state,
        claim.amount_total,
        claim.amount_interest,
        claim.amount_indemnity,
        claim.deadline_date,
        claim.pdf_sha256[:16],
    )
)
print("\nGuarantor notices")
for notice in guarantor_notices:
    print(
        "  %s %s to %s about %s: %s, sha256 %s"
        % (
            notice.name,
            notice.kind,
            notice.guarantor_id.name,
            ", ".join(notice.move_ids.mapped("name")),
            notice.state,
            notice.pdf_sha256[:16],
        )
    )
print("\nRecovery rate by level (paid within 15 days of a sent letter)")
env.flush_all()
for profile, level, rate, count in env["account.dunning.recovery.report"]._read_group(
    [], ["profile_id", "level_id"], ["recovery_rate:avg", "letter_count:sum"]
):
    print(
        "  %-42s %-20s %3d invoices  %5.1f %%"
        % (profile.with_context(lang="fr_FR").name, level.with_context(lang="fr_FR").name, count, rate)
    )
