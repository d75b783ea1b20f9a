import { registry } from "@web/core/registry";
import { expectPdfDownload } from "./dunning_download";

// Printing a customer's statement and letters from its follow-up page, then from the Partner
// Ledger (the journal items' Print Dunning Letters): each click must download a real PDF, the
// statement then the letter waiting to be posted (two pages at least).
registry.category("web_tour.tours").add("account_dunning_fr_print", {
    url: "/odoo/action-account_dunning_fr.action_dunning_followup",
    steps: () => [
        {
            content: "Open the customer's follow-up page",
            trigger: ".o_data_row:contains('Industrie Martin SAS') button[name='action_dunning_followup']",
            run: "click",
        },
        {
            content: "Print the statement and the letters",
            trigger: ".o_form_view button[name='action_print_dunning']",
            run(helpers) {
                expectPdfDownload(2);
                return helpers.click();
            },
        },
        {
            content: "The browser received a PDF",
            trigger: "body[data-dunning-pdf]",
            timeout: 60000,
        },
        {
            content: "Open the Partner Ledger",
            trigger: "body",
            run: "goToUrl /odoo/action-account.action_account_moves_ledger_partner",
            expectUnloadPage: true,
        },
        {
            content: "Unfold the customer",
            trigger: ".o_list_view .o_group_header:contains('Industrie Martin SAS')",
            run: "click",
        },
        {
            content: "Select its receivable line",
            trigger: ".o_list_view .o_group_header:contains('Industrie Martin SAS') ~ .o_data_row .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print Dunning Letters",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Print Dunning Letters')",
            run(helpers) {
                expectPdfDownload(2);
                return helpers.click();
            },
        },
        {
            content: "The browser received a PDF",
            trigger: "body[data-dunning-pdf]",
            timeout: 60000,
        },
    ],
});
