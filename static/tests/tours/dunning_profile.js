import { registry } from "@web/core/registry";

// A profile for the customers tagged Key Accounts: its ladder typed in, and the preview shows
// when each level would go for an invoice due on 2 March 2026. Started on the profiles list.
registry.category("web_tour.tours").add("account_dunning_fr_profile", {
    steps: () => [
        {
            content: "New profile",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Key Accounts",
        },
        {
            content: "For the customers tagged Key Accounts",
            trigger: ".o_form_view .o_field_widget[name='partner_category_ids'] input",
            run: "edit Key Acc",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Key Accounts'):not(:contains('Create'))",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_category_ids'] .o_tag:contains('Key Accounts')",
        },
        {
            content: "First level: a reminder 10 days after the due date",
            trigger: ".o_field_widget[name='level_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='level_ids'] .o_selected_row .o_field_widget[name='name'] input",
            run: "edit Courtesy call",
        },
        {
            trigger: ".o_field_widget[name='level_ids'] .o_selected_row .o_field_widget[name='delay_days'] input",
            run: "edit 10",
        },
        {
            content: "Then the formal notice at 30 days",
            trigger: ".o_field_widget[name='level_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='level_ids'] .o_data_row:not(.o_selected_row):contains('Courtesy call')",
        },
        {
            trigger: ".o_field_widget[name='level_ids'] .o_selected_row .o_field_widget[name='name'] input",
            run: "edit Formal notice",
        },
        {
            trigger: ".o_field_widget[name='level_ids'] .o_selected_row .o_field_widget[name='kind'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Formal notice')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='level_ids'] .o_selected_row .o_field_widget[name='delay_days'] input",
            run: "edit 30",
        },
        {
            content: "Preview an invoice due on 2 March 2026",
            trigger: ".o_form_view .o_field_widget[name='example_date'] .o_input",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='example_date'] input",
            run: "edit 03/02/2026 && press Enter",
        },
        {
            content: "The preview dates each letter",
            trigger:
                ".o_field_widget[name='example_preview']:contains('Courtesy call on 12 March 2026 (due date + 10 days)'):contains('Formal notice on 1 April 2026 (due date + 30 days)')",
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
