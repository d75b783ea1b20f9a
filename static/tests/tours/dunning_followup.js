import { registry } from "@web/core/registry";

// Customers to Follow, then one customer's follow-up page: its open items, the one-click
// Print and Record buttons, and a note with the next action date.
registry.category("web_tour.tours").add("account_dunning_fr_followup", {
    url: "/odoo/action-account_dunning_fr.action_dunning_followup",
    steps: () => [
        {
            content: "The customer is listed with what it owes",
            trigger: ".o_list_view .o_data_row:contains('Industrie Martin SAS'):contains('1,000.00')",
        },
        {
            content: "Open the customer's follow-up page",
            trigger: ".o_data_row:contains('Industrie Martin SAS') button[name='action_dunning_followup']",
            run: "click",
        },
        {
            content: "Its open invoice is listed",
            trigger: ".o_form_view .o_field_widget[name='dunning_open_invoice_ids'] .o_data_row",
        },
        {
            content: "Print and Record are one click away",
            trigger: ".o_form_view button[name='action_print_dunning']",
        },
        {
            trigger: ".o_form_view button[name='action_dunning_hold']",
        },
        {
            content: "Write the follow-up note",
            trigger: ".o_field_widget[name='dunning_followup_note'] textarea",
            run: "edit Rappeler lundi : promet de payer fin de mois",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});
