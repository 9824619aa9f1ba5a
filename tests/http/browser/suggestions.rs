//! The search box completes what is typed from `/api/v1/suggest`: the list is the API's, the
//! keyboard moves through it and Enter takes a word, and a click on a force adds its filter.

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

use super::{in_browser, screenshot, script, wait_until};
use crate::support::{request, start_with};

fn texts(answer: &Value) -> Vec<String> {
    answer["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .map(|suggestion| suggestion["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn the_search_box_completes_by_keyboard_and_by_mouse() {
    let server = start_with(&[]);
    let vict = request("GET", &server.base, "/api/v1/suggest?q=vict&limit=8").json();
    let expected = texts(&vict);
    let word = vict["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .position(|suggestion| suggestion["kind"] == "word")
        .expect("a word starting vict");
    let warw = request("GET", &server.base, "/api/v1/suggest?q=warw&limit=8").json();
    assert_eq!(warw["suggestions"][0]["kind"], "force");
    let force = warw["suggestions"][0]["slug"]
        .as_str()
        .expect("a slug")
        .to_string();
    in_browser(2, async |client, shots| {
        client.goto(&server.base).await.expect("open the page");
        let field = client.find(Locator::Id("q")).await.expect("the search box");
        field.send_keys("budget vict").await.expect("type");
        wait_until(
            client,
            "!document.getElementById('q-suggestions').hidden",
            "the suggestions",
        )
        .await;
        let shown = script(
            client,
            "Array.from(document.querySelectorAll('#q-suggestions li span:first-child')).map(s => s.textContent)",
        )
        .await;
        assert_eq!(shown, serde_json::json!(expected));
        screenshot(client, shots, "suggest-1-list").await;
        for _ in 0..=word {
            field.send_keys(&Key::Down.to_string()).await.expect("down");
        }
        let selected = script(
            client,
            "document.querySelector('#q-suggestions [aria-selected=true]').textContent",
        )
        .await;
        assert!(
            selected
                .as_str()
                .is_some_and(|text| text.starts_with(&expected[word])),
            "{selected}"
        );
        field
            .send_keys(&Key::Enter.to_string())
            .await
            .expect("enter");
        let value = script(client, "document.getElementById('q').value").await;
        assert_eq!(value, format!("budget {} ", expected[word]));
        assert_eq!(
            script(client, "document.getElementById('q-suggestions').hidden").await,
            true
        );

        field.clear().await.expect("clear");
        field.send_keys("police warw").await.expect("type");
        wait_until(
            client,
            "document.querySelector('#q-suggestions li.force') !== null",
            "a force suggested",
        )
        .await;
        super::click(client, "#q-suggestions li.force").await;
        wait_until(
            client,
            &format!(
                "new URLSearchParams(location.search).getAll('force').includes('{force}') && new URLSearchParams(location.search).get('q') === 'police'"
            ),
            "the force filter",
        )
        .await;
        screenshot(client, shots, "suggest-2-force").await;
    });
}
