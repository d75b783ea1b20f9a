import { registry } from "@web/core/registry";

// Escalation: refused, with the reason, for an invoice whose formal notice still runs (list
// action); then, from the form of an invoice whose notice expired unpaid, the wizard proposes
// the procedures, one is picked and the file is built. Started on the customer invoices list.
registry.category("web_tour.tours").add("account_dunning_fr_escalation", {
    steps: () => [
        {
            content: "Select Claire Dupont's invoice: her formal notice still runs",
            trigger: ".o_list_view .o_data_row:contains('Claire Dupont') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Escalate",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Escalate')",
            run: "click",
        },
        {
            content: "Refused, with the notice's deadline",
            trigger: ".modal:contains('cannot be escalated yet'):contains('gives the debtor until')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "No wizard opened",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains('Claire Dupont') .o_list_record_selector input:checked",
            run: "click",
        },
        {
            content: "Open Industrie Martin SAS's invoice: its notice expired unpaid",
            trigger: ".o_list_view:not(:has(.o_list_record_selector input:checked)) .o_data_row:contains('Industrie Martin SAS') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Escalate",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dunning_escalate']",
            run: "click",
        },
        {
            content: "The wizard lists the procedures open for a trader owing 4,800 €",
            trigger: ".modal .o_field_widget[name='proposals']:contains('Small-claims procedure')",
        },
        {
            content: "Pick the small-claims procedure",
            trigger: ".modal .o_field_widget[name='procedure'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Small-claims procedure')",
            run: "click",
        },
        {
            content: "Build the file",
            trigger: ".modal button[name='action_build']",
            run: "click",
        },
        {
            content: "The escalation file opens",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name='procedure']:contains('Small-claims procedure')",
            timeout: 60000,
        },
    ],
});
