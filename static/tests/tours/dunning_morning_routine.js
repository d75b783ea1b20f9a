import { registry } from "@web/core/registry";

// The morning routine: the letters to print, the Print menu, then Mark as Sent with the
// registered letter's tracking number.
registry.category("web_tour.tours").add("account_dunning_fr_morning_routine", {
    url: "/odoo/action-account_dunning_fr.action_account_dunning_letter_to_print",
    steps: () => [
        {
            content: "The formal notice to Claire Dupont waits to be posted",
            trigger: ".o_list_view .o_data_row:contains('Claire Dupont'):contains('Formal notice')",
        },
        {
            content: "Select it",
            trigger:
                ".o_data_row:contains('Claire Dupont'):contains('Formal notice') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "The selected letters print as one PDF",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Dunning Letters')",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Mark as Sent",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Mark as Sent')",
            run: "click",
        },
        {
            content: "Open the tracking number cell",
            trigger: ".modal .o_data_row .o_data_cell[name='tracking_ref']",
            run: "click",
        },
        {
            content: "Enter the number printed on the registered mail receipt",
            trigger: ".modal .o_data_row .o_field_widget[name='tracking_ref'] input",
            run: "edit 1A 234 567 8901 2",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The letter has left the list of letters to print",
            trigger: "body:not(:has(.modal)) .o_list_view:not(:has(.o_data_row:contains('Formal notice')))",
        },
    ],
});
