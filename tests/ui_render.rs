//! Native render tests (yew `ssr`): what the first page shows, without a browser.

use envelope_lab::ui::App;

#[tokio::test(flavor = "current_thread")]
async fn first_page_shows_title_diagram_and_step_button() {
    let html = yew::ServerRenderer::<App>::new().render().await;
    assert!(html.contains("Envelope Lab"), "title missing: {html}");
    for node in [
        "Lambda",
        "Kinesis Data Stream",
        "Firehose",
        "S3 bucket",
        "KinesisKey",
        "S3Key",
    ] {
        assert!(html.contains(node), "diagram lacks {node}");
    }
    assert!(html.contains("id=\"step-button\""), "no Step button");
}
