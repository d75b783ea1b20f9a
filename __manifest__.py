{
    "name": "French Dunning (relances et mise en demeure)",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "summary": "Chase unpaid customer invoices the French way: reminders, then a formal notice",
    "description": """
Dunning ladders per kind of debtor (B2B, consumer, tenant): one to three
reminders, then a mise en demeure, on the days each profile sets. A daily
scheduled action walks every overdue customer invoice up its ladder and groups
the invoices of one debtor into one letter per level.
""",
    "author": "account_dunning_fr contributors",
    "license": "LGPL-3",
    "depends": ["account", "l10n_fr_account", "mail"],
    "external_dependencies": {"python": ["num2words"]},
    "data": [
        "security/account_dunning_security.xml",
        "security/ir.model.access.csv",
        "report/account_dunning_letter_templates.xml",
        "report/res_partner_dunning_templates.xml",
        "report/account_dunning_letter_reports.xml",
        "data/mail_template_data.xml",
        "data/account_dunning_profile_data.xml",
        "data/account_dunning_rate_data.xml",
        "data/ir_cron.xml",
        "wizard/account_dunning_block_wizard_views.xml",
        "wizard/account_dunning_send_wizard_views.xml",
        "views/account_dunning_profile_views.xml",
        "views/account_dunning_letter_views.xml",
        "views/account_dunning_rate_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_category_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_dunning_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
