import { onWillStart, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { registry } from "@web/core/registry";
import { listView } from "@web/views/list/list_view";
import { ListRenderer } from "@web/views/list/list_renderer";

/**
 * The rates and letters lists: a banner naming every half-year in use that has no rate
 * (the letters are still made, those days' interest is claimed "à parfaire"). The text is
 * built and translated by the server: account.dunning.rate.dunning_missing_in_use_note().
 */
export class DunningRatesBannerListRenderer extends ListRenderer {
    static template = "account_dunning_fr.DunningRatesBannerListRenderer";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.missingRates = useState({ note: "" });
        onWillStart(async () => {
            this.missingRates.note = await this.orm.call("account.dunning.rate", "dunning_missing_in_use_note", []);
        });
    }
}

registry.category("views").add("dunning_rates_banner_list", {
    ...listView,
    Renderer: DunningRatesBannerListRenderer,
});
