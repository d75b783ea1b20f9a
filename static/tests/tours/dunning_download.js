import { download } from "@web/core/network/download";

/**
 * The next download (a printed report) is checked to be a PDF: the request the web client
 * makes is sent as is, and the answer must be a 200 ``application/pdf`` starting with
 * ``%PDF-``, with at least ``minPages`` pages; otherwise the print fails the tour with the
 * reason. Its page count is then written on ``body[data-dunning-pdf]`` for the next step.
 */
export function expectPdfDownload(minPages = 1) {
    delete document.body.dataset.dunningPdf;
    const original = download._download;
    download._download = async (options) => {
        download._download = original;
        const data = new FormData();
        for (const [key, value] of Object.entries(options.data)) {
            data.append(key, value);
        }
        data.append("token", "dummy-because-api-expects-one");
        data.append("csrf_token", odoo.csrf_token);
        const response = await fetch(options.url, { method: "POST", body: data });
        const bytes = new Uint8Array(await response.arrayBuffer());
        const head = String.fromCharCode(...bytes.slice(0, 5));
        const type = response.headers.get("Content-Type") || "";
        if (response.status !== 200 || !type.startsWith("application/pdf") || head !== "%PDF-") {
            throw new Error(
                `The print gave no PDF: HTTP ${response.status}, ${type}, starting with ${JSON.stringify(head)}`
            );
        }
        const text = new TextDecoder("latin1").decode(bytes);
        const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
        if (pages < minPages) {
            throw new Error(`The printed PDF has ${pages} page(s), expected at least ${minPages}`);
        }
        document.body.dataset.dunningPdf = String(pages);
    };
}
