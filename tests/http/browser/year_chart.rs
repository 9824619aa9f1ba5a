//! The year chart: every year from the first to the last, labelled with its count, empty years as
//! gaps, and bars that a keyboard reaches and that say what they count.

use fantoccini::key::Key;
use serde_json::json;

use super::{in_browser, screenshot, script, wait_until};
use crate::support::{request, start_with};

#[test]
fn the_year_chart_labels_years_shows_gaps_and_works_by_keyboard() {
    let server = start_with(&[]);
    let browse = request("GET", &server.base, "/api/v1/facets").json();
    let years: Vec<(u64, u64)> = browse["facets"]["year"]
        .as_array()
        .expect("a year facet")
        .iter()
        .map(|count| {
            (
                count["value"]
                    .as_str()
                    .and_then(|year| year.parse().ok())
                    .expect("a year"),
                count["count"].as_u64().expect("a count"),
            )
        })
        .collect();
    let first = years.iter().map(|(year, _)| *year).min().expect("years");
    let last = years.iter().map(|(year, _)| *year).max().expect("years");
    let gap = (first..=last)
        .find(|year| years.iter().all(|(known, _)| known != year))
        .expect("the corpus has a year without documents between two with some");
    let names: Vec<String> = years
        .iter()
        .map(|(year, count)| {
            let documents = if *count == 1 { "document" } else { "documents" };
            format!("{year}: {count} {documents}")
        })
        .collect();
    in_browser(3, async |client, shots| {
        client
            .goto(&format!("{}/", server.base))
            .await
            .expect("browse");
        wait_until(
            client,
            "document.querySelectorAll('#year-chart li').length > 0",
            "the year chart",
        )
        .await;
        let slots = script(
            client,
            "Array.from(document.querySelectorAll('#year-chart li')).map(li => Number(li.firstChild.getAttribute('data-year')))",
        )
        .await;
        assert_eq!(
            slots,
            json!((first..=last).collect::<Vec<_>>()),
            "one slot a year"
        );
        let buttons = script(
            client,
            "Array.from(document.querySelectorAll('#year-chart button')).map(b => b.getAttribute('aria-label'))",
        )
        .await;
        assert_eq!(buttons, json!(names), "a button per year with documents");
        let empty = script(
            client,
            &format!("(s => [s.tagName, s.textContent, s.querySelector('.bar').getBoundingClientRect().height])(document.querySelector('#year-chart [data-year=\"{gap}\"]'))"),
        )
        .await;
        assert_eq!(
            empty[0],
            json!("SPAN"),
            "an empty year is no button: {empty}"
        );
        assert!(
            empty[1]
                .as_str()
                .is_some_and(|text| text.contains(&format!("{gap}: no documents"))),
            "{empty}"
        );
        assert_eq!(empty[2], json!(0), "{empty}");
        let shown = script(
            client,
            "Array.from(document.querySelectorAll('#year-chart button')).map(b => [b.querySelector('.year').innerText, b.querySelector('.count').innerText])",
        )
        .await;
        let expected: Vec<[String; 2]> = years
            .iter()
            .map(|(year, count)| [year.to_string(), count.to_string()])
            .collect();
        assert_eq!(shown, json!(expected), "years and counts are shown");
        screenshot(client, shots, "year-chart").await;
        client
            .execute("document.getElementById('year-from').focus();", vec![])
            .await
            .expect("focus");
        client
            .active_element()
            .await
            .expect("the focused box")
            .send_keys(&format!("{}{}", Key::Shift, Key::Tab))
            .await
            .expect("shift-tab");
        let focused = script(client, "document.activeElement.getAttribute('aria-label')").await;
        assert_eq!(focused, json!(names.last()), "the last bar takes the focus");
        client
            .active_element()
            .await
            .expect("the focused bar")
            .send_keys(&Key::Enter.to_string())
            .await
            .expect("enter");
        wait_until(
            client,
            &format!("location.search === '?year_from={last}&year_to={last}'"),
            "the year chosen by keyboard",
        )
        .await;
        wait_until(
            client,
            &format!("document.querySelector('#year-chart [data-year=\"{last}\"]').getAttribute('aria-pressed') === 'true'"),
            "the chosen year pressed",
        )
        .await;
        screenshot(client, shots, "year-chart-chosen").await;
        client.set_window_size(390, 844).await.expect("phone size");
        client
            .execute(
                "document.getElementById('year-chart').scrollIntoView({ block: 'center' });",
                vec![],
            )
            .await
            .expect("scroll to the chart");
        let widths = script(
            client,
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
        )
        .await;
        assert_eq!(widths[0], widths[1], "the chart fits a phone: {widths}");
        screenshot(client, shots, "year-chart-phone").await;
    });
}
