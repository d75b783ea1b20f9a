import { registry } from "@web/core/registry";

// An invoice's Dunning tab: advance one level, block with a reason (the prepared letter drops
// the invoice), then record a dispute. Started on the invoice's form.
registry.category("web_tour.tours").add("account_dunning_fr_invoice_tab", {
    steps: () => [
        {
            content: "Open the Dunning tab",
            trigger: ".o_form_view .o_notebook a[name='dunning']",
            run: "click",
        },
        {
            content: "The first reminder is due",
            trigger: ".o_form_view .o_field_widget[name='dunning_next_level_id']:contains('First reminder')",
        },
        {
            content: "Advance Dunning",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dunning_advance']",
            run: "click",
        },
        {
            content: "The first reminder is prepared",
            trigger: ".o_form_view .o_field_widget[name='level_id']:contains('First reminder')",
        },
        {
            content: "Back to the invoice",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button",
            run: "click",
        },
        {
            content: "The Dunning tab lists the letter",
            trigger: ".o_form_view .o_notebook a[name='dunning']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='dunning_letter_line_ids'] .o_data_row:contains('First reminder')",
        },
        {
            content: "Block dunning",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dunning_block']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "edit Customer in talks with the sales manager",
        },
        {
            content: "Block",
            trigger: ".modal button[name='action_block']",
            run: "click",
        },
        {
            content: "Dunning is paused, with the reason",
            trigger: "body:not(:has(.modal)) .o_form_view .alert-info:contains('Dunning is paused')",
        },
        {
            content: "Advancing is no longer offered",
            trigger:
                ".o_form_view .o_statusbar_buttons:has(button[name='action_dunning_unblock']):not(:has(button[name='action_dunning_advance']))",
        },
        {
            content: "Record a dispute",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dunning_hold']",
            run: "click",
        },
        {
            content: "A dispute, not a promise",
            trigger: ".modal .o_field_widget[name='kind'] input[data-value='dispute']",
            run: "click",
        },
        {
            content: "What the customer disputes",
            trigger: ".modal .o_field_widget[name='reason'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Quality or defect')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Two units delivered broken",
        },
        {
            content: "Record",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dispute shows on the tab",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='dunning_dispute_ids'] .o_data_row:contains('Quality or defect')",
        },
        {
            content: "The letter was dropped",
            trigger: ".o_field_widget[name='dunning_letter_line_ids'] .o_data_row:contains('First reminder'):contains('Cancelled')",
        },
    ],
});
