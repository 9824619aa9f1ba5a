//! Abusive clients: 1,000 idle connections and 100 slowloris clients trickling headers must not
//! starve a normal request, and the service must drop a client that never finishes its headers.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use oversight_server::HEADER_READ_TIMEOUT;

use crate::client::{Exchange, exchange, get_request};
use crate::server::Server;

/// Idle connections held open at once.
const IDLE_CONNECTIONS: usize = 1_000;
/// Clients sending one header line a second.
const SLOW_CLIENTS: usize = 100;
/// How fast a normal request must be answered while the abuse goes on.
const PROMPT: Duration = Duration::from_secs(1);

/// Starts the slowloris clients: each sends a request line, then one header line a second.
fn slowloris(address: SocketAddr, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut clients: Vec<TcpStream> = (0..SLOW_CLIENTS)
            .filter_map(|_| TcpStream::connect(address).ok())
            .collect();
        for client in &mut clients {
            let _ = client.write_all(b"GET /api/v1/search?q=budget HTTP/1.1\r\nHost: x\r\n");
        }
        let mut line = 0;
        while !stop.load(Ordering::Relaxed) {
            for client in &mut clients {
                let _ = client.write_all(format!("X-Slow-{line}: a\r\n").as_bytes());
            }
            line += 1;
            std::thread::sleep(Duration::from_secs(1));
        }
    })
}

fn prompt_answer(server: &Server, target: &[u8]) -> Result<Duration, String> {
    match exchange(server.address, &get_request(target, &[])) {
        Exchange::Answered(response) if response.status == 200 && response.elapsed < PROMPT => {
            Ok(response.elapsed)
        }
        Exchange::Answered(response) => Err(format!(
            "answered {} after {:?}",
            response.status, response.elapsed
        )),
        other => Err(format!("{other:?}")),
    }
}

#[test]
fn idle_and_slow_clients_do_not_starve_normal_requests() {
    let server = Server::start();
    let idle: Vec<TcpStream> = (0..IDLE_CONNECTIONS)
        .map(|_| TcpStream::connect(server.address).expect("open an idle connection"))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let slow = slowloris(server.address, Arc::clone(&stop));
    std::thread::sleep(Duration::from_secs(2));
    let mut slowest = Duration::ZERO;
    for target in [
        &b"/healthz"[..],
        b"/api/v1/search?q=budget",
        b"/api/v1/facets",
    ]
    .repeat(5)
    {
        match prompt_answer(&server, target) {
            Ok(elapsed) => slowest = slowest.max(elapsed),
            Err(error) => panic!(
                "with {IDLE_CONNECTIONS} idle and {SLOW_CLIENTS} slow clients, {}: {error}",
                String::from_utf8_lossy(target)
            ),
        }
    }
    println!("slowest normal answer under abuse: {slowest:?}");
    stop.store(true, Ordering::Relaxed);
    let _ = slow.join();
    drop(idle);
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let server = Server::start();
    let mut client = TcpStream::connect(server.address).expect("connect");
    client
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .expect("send the start of a request");
    client
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("read timeout");
    let started = Instant::now();
    let limit = HEADER_READ_TIMEOUT + Duration::from_secs(5);
    let mut buffer = [0u8; 1024];
    loop {
        assert!(
            started.elapsed() < limit,
            "the service still holds a client that sent half its headers {limit:?} ago"
        );
        let _ = client.write_all(b"X-Slow: a\r\n");
        match client.read(&mut buffer) {
            Ok(_) => break,
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    assert!(
        started.elapsed() >= HEADER_READ_TIMEOUT - Duration::from_secs(1),
        "dropped after {:?}, before the {HEADER_READ_TIMEOUT:?} timeout",
        started.elapsed()
    );
    // The service itself is fine.
    assert!(matches!(
        exchange(server.address, &get_request(b"/healthz", &[])),
        Exchange::Answered(response) if response.status == 200
    ));
}
