//! `negsim serve`: the binary started as a user starts it (`--port 0`, the
//! address read from the first line of stdout), every route hit with a
//! plain HTTP client. The figures it returns must be those `negsim run`
//! prints with the same settings and seed; the downloaded scenario must
//! replay the page's run; bad input must get a 4xx, never a 5xx; the page
//! must be readable (contrast) and usable by keyboard; and, with a browser
//! (CI, or NEGSIM_BROWSER=1), the page itself must show those figures after
//! a lever is moved.

use super::common::{negsim, repo};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_negsim"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(repo(""))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start negsim serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the address");
        let url = line.trim().trim_end_matches('/').to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "first line: {line:?}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        Server { child, url, agent }
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let mut r = self.agent.get(&format!("{}{path}", self.url)).call().expect("GET");
        let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (r.status().as_u16(), kind, r.body_mut().read_to_string().unwrap_or_default())
    }

    fn post(&self, path: &str, body: &str) -> (u16, String) {
        let mut r = self
            .agent
            .post(&format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .send(body)
            .expect("POST");
        (r.status().as_u16(), r.body_mut().with_config().limit(50_000_000).read_to_string().unwrap_or_default())
    }

    /// A POST that must succeed, as JSON.
    fn ok(&self, path: &str, body: &Value) -> Value {
        let (status, text) = self.post(path, &body.to_string());
        assert_eq!(status, 200, "{path} {body}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// The status line of a raw request, path sent exactly as written.
    fn raw(&self, request_line: &str) -> (u16, String) {
        let addr = self.url.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        write!(s, "{request_line} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `negsim run ARGS --format json`, parsed.
fn cli_json(args: &[&str]) -> Value {
    let out = negsim().current_dir(repo("")).args(args).args(["--format", "json", "-q"]).output().expect("run");
    assert!(out.status.success(), "negsim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn serves_the_page_its_assets_and_the_scenarios() {
    let server = Server::start(&[]);
    let (status, kind, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(page.contains("/app.js") && page.contains("/style.css"), "{page}");
    assert!(!page.contains("http://") && !page.contains("https://"), "the page loads nothing from elsewhere");
    let (status, kind, js) = server.get("/app.js");
    assert_eq!((status, kind.starts_with("text/javascript")), (200, true));
    assert!(js.contains("AbortController"));
    let (status, kind, _) = server.get("/style.css");
    assert_eq!((status, kind.starts_with("text/css")), (200, true));
    let (status, _, list) = server.get("/api/scenarios");
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&list).unwrap();
    let ids: Vec<&str> = list["scenarios"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "baseline",
            "anchorage-formula",
            "baseline-free",
            "political-control-trade",
            "sanctions-pressure",
            "us-withdrawal"
        ]
    );
    for id in ids {
        let (status, _, levers) = server.get(&format!("/api/levers?scenario={id}"));
        assert_eq!(status, 200, "{id}: {levers}");
        let levers: Value = serde_json::from_str(&levers).unwrap();
        let intensity = levers["levers"].as_array().unwrap().iter().find(|l| l["key"] == "war.intensity");
        let intensity = intensity.unwrap_or_else(|| panic!("{id}: no war.intensity lever"));
        assert_eq!((intensity["lo"].as_f64(), intensity["hi"].as_f64()), (Some(0.0), Some(1.0)));
        assert!(!intensity["meaning"].as_str().unwrap().is_empty());
    }
}

#[test]
fn a_run_gives_the_figures_of_negsim_run() {
    let server = Server::start(&[]);
    let ask =
        json!({"scenario": "baseline", "set": {"russia.burn": 0.05, "war.intensity": 0.6}, "trials": 3000, "seed": 11});
    let got = server.ok("/api/run", &ask);
    let want = cli_json(&["run", "--set", "russia.burn=0.05", "--set", "war.intensity=0.6", "-n", "3000", "-s", "11"]);
    assert_eq!(got["summary"], want, "the whole summary, as `negsim run --format json` prints it");
    assert!(got["figures"].as_array().unwrap().len() >= 4, "the report's charts");
    assert!(got["compare"].is_null());
    // A shipped variant, read from the binary, as `negsim run` reads it from scenarios/.
    let ask =
        json!({"scenario": "sanctions-pressure", "trials": 2000, "seed": 5, "given": "meetings(trilateral) >= 1"});
    let got = server.ok("/api/run", &ask);
    let want = cli_json(&[
        "run",
        "scenarios/sanctions-pressure.toml",
        "-n",
        "2000",
        "-s",
        "5",
        "--given",
        "meetings(trilateral) >= 1",
    ]);
    assert_eq!(got["summary"], want);
    // The outcome shares, exactly.
    let shares = |v: &Value| -> Vec<f64> {
        v["outcomes"].as_array().unwrap().iter().map(|o| o["probability"].as_f64().unwrap()).collect()
    };
    assert_eq!(shares(&got["summary"]), shares(&want));
    // A forecast as of a date: the trials are the cap, as with `negsim run --as-of`.
    let ask = json!({"scenario": "baseline", "trials": 30000, "seed": 2, "as_of": "2026-02-28"});
    let got = server.ok("/api/run", &ask);
    let want = cli_json(&["run", "--as-of", "2026-02-28", "-n", "30000", "-s", "2"]);
    assert_eq!(got["summary"], want, "the forecast as `negsim run --as-of` prints it");
    assert_eq!(got["summary"]["as_of"]["date"], "2026-02-28");
}

#[test]
fn compare_tornado_and_trace_answer_as_the_commands_do() {
    let server = Server::start(&[]);
    let ask =
        json!({"scenario": "baseline", "set": {"war.intensity": 0.5}, "trials": 2000, "seed": 3, "compare": true});
    let got = server.ok("/api/run", &ask);
    let out = negsim()
        .current_dir(repo(""))
        .args([
            "compare",
            "scenarios/baseline.toml",
            "--set-b",
            "war.intensity=0.5",
            "-n",
            "2000",
            "-s",
            "3",
            "-f",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["compare"]["comparison"]["rows"], want["rows"]);
    let rows = got["compare"]["comparison"]["rows"].as_array().expect("comparison rows");
    assert!(!rows.is_empty());
    assert!(!got["compare"]["figures"].as_array().unwrap().is_empty());

    let ask = json!({"scenario": "baseline", "trials": 300, "seed": 3, "target": "signed", "params": ["war.intensity", "russia.burn"]});
    let got = server.ok("/api/sensitivity", &ask);
    assert_eq!(got["sensitivity"]["rows"].as_array().unwrap().len(), 2);
    assert!(got["svg"].as_str().unwrap().starts_with("<svg"));

    let ask = json!({"scenario": "baseline", "set": {"war.intensity": 0.5}, "trial": 4, "seed": 9});
    let got = server.ok("/api/trace", &ask);
    let out = negsim().args(["trace", "-k", "4", "-s", "9", "--set", "war.intensity=0.5"]).output().unwrap();
    assert!(out.status.success());
    let want: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    let lines: Vec<String> = got["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
    assert_eq!(lines, want);
    assert!(!got["events"].as_array().unwrap().is_empty());
}

#[test]
fn downloads_replay_the_page_run() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    for scenario in ["baseline", "us-withdrawal"] {
        let ask = json!({"scenario": scenario, "set": {"war.intensity": 0.55, "tactics.time_exhaustion.probability": 0.3}, "trials": 2500, "seed": 17});
        let (status, toml) = server.post("/api/download/toml", &ask.to_string());
        assert_eq!(status, 200, "{toml}");
        let file = dir.path().join(format!("{scenario}-edited.toml"));
        std::fs::write(&file, &toml).unwrap();
        let file = file.to_str().unwrap();
        let (status, page_json) = server.post("/api/download/json", &ask.to_string());
        assert_eq!(status, 200, "{page_json}");
        let (status, page_csv) = server.post("/api/download/csv", &ask.to_string());
        assert_eq!(status, 200, "{page_csv}");
        // The results downloaded are the bytes `negsim run` writes.
        let origin = if scenario == "baseline" { None } else { Some(format!("scenarios/{scenario}.toml")) };
        let mut args: Vec<String> = vec!["run".into()];
        args.extend(origin);
        // The overrides in the order the request gives them (the order
        // of `overrides` in the output).
        for (key, value) in ask["set"].as_object().unwrap() {
            args.extend(["--set".to_string(), format!("{key}={value}")]);
        }
        args.extend(["-n", "2500", "-s", "17", "-q"].map(String::from));
        for (format, page) in [("json", &page_json), ("csv", &page_csv)] {
            let out = negsim().current_dir(repo("")).args(&args).args(["--format", format]).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(String::from_utf8_lossy(&out.stdout), page.as_str(), "{scenario} {format}");
        }
        // The edited file replays it with no flags (its trials and seed are
        // in it), and with --seed: identical but for where it was read
        // from and the overrides (now in the file).
        for extra in [&[][..], &["--seed", "17"][..]] {
            let out = negsim().args(["run", file, "--format", "json", "-q"]).args(extra).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let mut replay: Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut page: Value = serde_json::from_str(&page_json).unwrap();
            for v in [&mut replay, &mut page] {
                v["file"] = Value::Null;
                v["overrides"] = Value::Null;
            }
            assert_eq!(replay, page, "{scenario}: the downloaded file replays the page's run");
        }
        assert!(toml.starts_with("# Edited in `negsim serve`"), "{toml}");
    }
}

#[test]
fn bad_input_gets_a_4xx_with_the_cli_message_never_a_5xx() {
    let server = Server::start(&[]);
    let bodies = [
        "not json".to_string(),
        "{".to_string(),
        "[]".to_string(),
        "null".to_string(),
        r#"{"set": {}}"#.to_string(),
        r#"{"scenario": "baseline", "bogus": 1}"#.to_string(),
        r#"{"scenario": "baseline", "trials": "many"}"#.to_string(),
        r#"{"scenario": "baseline", "trials": -1}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 0}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 1.5}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 1e9}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100000000000}"#.to_string(),
        r#"{"scenario": "baseline", "seed": 18446744073709551616}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": NaN}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": "NaN"}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": "nan"}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": 1e400}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": 2}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": [1]}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity": null}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"no.such.key": 1}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"war.intensity=0.1\nx": 1}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"": 1}}"#.to_string(),
        r#"{"scenario": "baseline", "set": {"rules[999].outcome": "x"}}"#.to_string(),
        r#"{"scenario": "../../etc/passwd"}"#.to_string(),
        r#"{"scenario": "/etc/passwd"}"#.to_string(),
        r#"{"scenario": "baseline", "given": "signed_before("}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100, "as_of": "2026-13-01"}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100, "as_of": "2027-01-01"}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100, "as_of": "2026-02-28"}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100, "as_of": 20260228}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100, "as_of": "2026-02-28", "given": "signed"}"#.to_string(),
        r#"{"scenario": "baseline", "trial": -1}"#.to_string(),
        r#"{"scenario": "baseline", "trial": 99999999999}"#.to_string(),
        r#"{"scenario": "baseline", "target": "everything"}"#.to_string(),
        r#"{"scenario": "baseline", "delta": 5}"#.to_string(),
        r#"{"scenario": "baseline", "trials": 100000, "params": []}"#.to_string(),
        format!(r#"{{"scenario": "baseline", "given": "{}"}}"#, "x".repeat(70_000)),
    ];
    let routes =
        ["/api/run", "/api/sensitivity", "/api/trace", "/api/download/toml", "/api/download/json", "/api/download/csv"];
    for route in routes {
        for body in &bodies {
            let (status, text) = server.post(route, body);
            let cut: String = body.chars().take(80).collect();
            // Some bodies are fine for some routes (a trial number for a run).
            if status == 200 {
                continue;
            }
            assert!((400..500).contains(&status), "{route} {cut}: {status} {text}");
            if status != 413 {
                let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{route} {cut}: {text}"));
                assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{route} {cut}: {text}");
            }
        }
    }
    // The located message is the one the command line prints.
    let (status, text) = server.post("/api/run", r#"{"scenario": "baseline", "set": {"war.intensity": 2}}"#);
    assert_eq!(status, 400);
    let v: Value = serde_json::from_str(&text).unwrap();
    let out = negsim().args(["run", "--set", "war.intensity=2", "-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(v["error"].as_str().unwrap().trim_end(), String::from_utf8_lossy(&out.stderr).trim_end());
    // Too many trials: refused before any work.
    let (status, _) = server.post("/api/run", r#"{"scenario": "baseline", "trials": 1000001}"#);
    assert_eq!(status, 422);
    let (status, _) = server.post("/api/sensitivity", r#"{"scenario": "baseline", "trials": 1000000}"#);
    assert_eq!(status, 422);
}

#[test]
fn no_path_reaches_a_file() {
    let server = Server::start(&[]);
    for line in [
        "GET /../../etc/passwd",
        "GET /%2e%2e/%2e%2e/etc/passwd",
        "GET /%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "GET /..%2f..%2fCargo.toml",
        "GET /app.js/../../Cargo.toml",
        "GET //etc/passwd",
        "GET /Cargo.toml",
        "GET /src/serve/page/app.js",
        "GET /page/app.js",
        "GET /api/download/..%2f..%2fetc%2fpasswd",
        "POST /api/download/..%2f..%2fetc%2fpasswd",
        "GET /api/levers?scenario=../../etc/passwd",
        "GET /api/progress?ticket=../../etc/passwd",
        "GET /api/progress",
        "GET /api/levers?scenario=%2e%2e%2fCargo",
        "GET /api/levers",
        "GET /api/run",
        "DELETE /",
        "GET /api/../../../etc/passwd",
    ] {
        let (status, text) = server.raw(line);
        assert!((400..500).contains(&status), "{line}: {status}\n{text}");
        assert!(!text.contains("root:") && !text.contains("[package]"), "{line}: {text}");
    }
}

#[test]
fn progress_is_reported_while_a_run_plays() {
    let server = Server::start(&[]);
    let url = server.url.clone();
    let run = std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let body = r#"{"scenario": "baseline", "trials": 400000, "seed": 1, "ticket": "test-1"}"#;
        agent
            .post(&format!("{url}/api/run"))
            .header("content-type", "application/json")
            .send(body)
            .map(|r| r.status().as_u16())
    });
    let mut seen = Vec::new();
    while !run.is_finished() {
        let (status, _, body) = server.get("/api/progress?ticket=test-1");
        if status == 200 {
            let v: Value = serde_json::from_str(&body).unwrap();
            seen.push(v["done"].as_u64().unwrap());
        } else {
            assert_eq!(status, 404, "{body}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(run.join().unwrap().unwrap(), 200);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.iter().any(|&d| d > 0 && d < 400_000), "no progress seen while the run played: {seen:?}");
    assert_eq!(server.get("/api/progress?ticket=test-1").0, 404, "the ticket is gone once the run is done");
}

#[test]
fn the_queue_is_bounded_and_busy_is_a_503() {
    let server = Server::start(&[]);
    let url = server.url.clone();
    let threads: Vec<_> = (0..12)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
                let body = r#"{"scenario": "baseline", "trials": 60000, "seed": 1}"#;
                let r = agent.post(&format!("{url}/api/run")).header("content-type", "application/json").send(body);
                r.map(|r| r.status().as_u16()).unwrap_or(0)
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503), "{statuses:?}");
    assert!(statuses.contains(&503), "12 at once against 2 slots and a queue of 4: {statuses:?}");
    assert!(statuses.contains(&200), "{statuses:?}");
}

#[test]
fn a_file_given_is_offered_first_and_ctrl_c_stops_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        format!(
            "extends = \"{}\"\nname = \"mine\"\n\n[war]\nintensity = 0.5\n",
            repo("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    let mut server = Server::start(&[path.to_str().unwrap()]);
    let (_, _, list) = server.get("/api/scenarios");
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["scenarios"][0]["id"], "file");
    let ask = json!({"scenario": "file", "set": {"war.intensity": 0.6}, "trials": 1000, "seed": 2});
    let got = server.ok("/api/run", &ask);
    let want = cli_json(&["run", path.to_str().unwrap(), "--set", "war.intensity=0.6", "-n", "1000", "-s", "2"]);
    assert_eq!(got["summary"], want);
    let (status, toml) = server.post("/api/download/toml", &ask.to_string());
    assert_eq!(status, 200, "{toml}");
    assert!(toml.contains("intensity = 0.6"), "{toml}");

    // Ctrl-C: a clean stop, exit code 0.
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut err = String::new();
    server.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn a_file_that_does_not_load_is_refused_at_start_with_the_cli_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "extends = \"builtin:baseline\"\nname = \"bad\"\n[war]\nintensity = 3\n").unwrap();
    let out = negsim().args(["serve", "--port", "0", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let run = negsim().args(["run", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&run.stderr));
}

// ---- The page: contrast and keyboard ----

/// The page's colour variables (`--name: #rrggbb;` in `:root`).
fn colours() -> std::collections::HashMap<String, (f64, f64, f64)> {
    let css = std::fs::read_to_string(repo("src/serve/page/style.css")).unwrap();
    let root = css.split(":root").nth(1).and_then(|r| r.split('}').next()).expect(":root block");
    root.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let hex = value.trim().strip_prefix('#')?;
            let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok().map(|c| f64::from(c) / 255.0);
            let name = name.trim().trim_start_matches('{').trim().strip_prefix("--")?;
            Some((name.to_string(), (channel(0)?, channel(2)?, channel(4)?)))
        })
        .collect()
}

fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let lin = |c: f64| if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_page_colours_meet_wcag_aa_contrast() {
    let c = colours();
    // Every pair of text on background the stylesheet uses.
    let pairs = [
        ("fg", "bg"),
        ("fg", "panel"),
        ("muted", "bg"),
        ("muted", "panel"),
        ("accent", "bg"),
        ("accent-fg", "accent"),
        ("changed", "changed-bg"),
        ("fg", "changed-bg"),
        ("muted", "changed-bg"),
        ("error", "error-bg"),
        ("error", "bg"),
        ("up", "bg"),
        ("down", "bg"),
    ];
    for (fg, bg) in pairs {
        let (Some(&f), Some(&b)) = (c.get(fg), c.get(bg)) else { panic!("no colour --{fg} or --{bg}: {c:?}") };
        let ratio = contrast(f, b);
        assert!(ratio >= 4.5, "--{fg} on --{bg}: contrast {ratio:.2} < 4.5");
    }
    // The focus ring stands out from the background (non-text: 3:1).
    assert!(contrast(c["focus"], c["bg"]) >= 3.0);
    assert!(contrast(c["focus"], c["panel"]) >= 3.0);
    assert!((contrast((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)) - 21.0).abs() < 1e-9);
}

#[test]
fn the_page_works_by_keyboard_and_narrow() {
    let html = std::fs::read_to_string(repo("src/serve/page/index.html")).unwrap();
    let css = std::fs::read_to_string(repo("src/serve/page/style.css")).unwrap();
    let js = std::fs::read_to_string(repo("src/serve/page/app.js")).unwrap();
    // Every input and select has a <label for> (the levers' too, in app.js).
    for tag in ["<input", "<select"] {
        for piece in html.split(tag).skip(1) {
            let id = piece.split("id=\"").nth(1).and_then(|r| r.split('"').next()).expect("an id");
            assert!(html.contains(&format!("for=\"{id}\"")), "{tag} id={id} has no label");
        }
    }
    assert!(js.contains(r#"el("label", { for: lever.id"#), "levers are labelled");
    // Actions are buttons (focusable, Enter and Space), never clickable divs.
    assert!(!html.contains("onclick") && !js.contains("\"div\", { onclick"));
    assert!(html.matches("<button").count() >= 7);
    // A visible focus style, a skip link, and a layout for narrow screens.
    assert!(css.contains(":focus-visible") && css.contains("outline: 3px solid var(--focus)"));
    assert!(html.contains("class=\"skip\""));
    assert!(css.contains("@media (max-width: 900px)"));
    assert!(html.contains("role=\"status\"") && html.contains("aria-live=\"polite\""));
}

// ---- The page in a browser ----

/// Whether the browser test is to run: in CI (where it must), or when
/// asked for with NEGSIM_BROWSER=1.
fn browser_wanted() -> bool {
    std::env::var_os("CI").is_some() || std::env::var("NEGSIM_BROWSER").is_ok_and(|v| v == "1")
}

fn find_program(candidates: &[&str]) -> Option<String> {
    candidates.iter().find(|p| std::path::Path::new(p).exists()).map(|p| (*p).to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// chromedriver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_page_in_a_browser_shows_the_figures_of_negsim_run() {
    if !browser_wanted() {
        eprintln!("skipped: set NEGSIM_BROWSER=1 (or CI) to drive chromium through chromedriver");
        return;
    }
    let driver = find_program(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let chromium = find_program(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let (Some(driver), Some(chromium)) = (driver, chromium) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: chromium and chromedriver are required (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: chromium or chromedriver is not installed");
        return;
    };
    let server = Server::start(&[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(drive(&server.url, port, &chromium));
}

async fn drive(url: &str, port: u16, chromium: &str) {
    use fantoccini::{ClientBuilder, Locator};
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800", "--hide-scrollbars"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a chromium session");
    client.goto(url).await.unwrap();

    // The first run, as the page loads.
    let (runs, _) = wait_done(&client, 0, |_| true).await;

    // Move a lever by keyboard: select the value and type another.
    let trials = client.find(Locator::Id("trials")).await.unwrap();
    trials.clear().await.unwrap();
    trials.send_keys("4000").await.unwrap();
    let lever = client.find(Locator::Css(r#"input[data-key="war.intensity"]"#)).await.unwrap();
    lever.clear().await.unwrap();
    lever.send_keys("0.55").await.unwrap();
    let (_, ask) =
        wait_done(&client, runs, |ask| ask["trials"] == 4000 && ask["set"]["war.intensity"].as_f64() == Some(0.55))
            .await;
    let shown = client
        .execute(
            "return Array.from(document.querySelectorAll('#outcomes tr[data-outcome]'))\
             .map(r => [r.dataset.outcome, r.dataset.probability, r.querySelector('.sim').textContent]);",
            vec![],
        )
        .await
        .unwrap();
    let seed = client.execute("return document.getElementById('seed').value;", vec![]).await.unwrap();
    let seed = seed.as_str().unwrap().to_string();
    let want = cli_json(&["run", "--set", "war.intensity=0.55", "-n", "4000", "-s", &seed]);
    let shown = shown.as_array().unwrap();
    assert_eq!(shown.len(), 7, "{shown:?} ({ask})");
    for (row, o) in shown.iter().zip(want["outcomes"].as_array().unwrap()) {
        assert_eq!(row[0], o["id"]);
        let p: f64 = row[1].as_str().unwrap().parse().unwrap();
        assert_eq!(p, o["probability"].as_f64().unwrap(), "{row}");
        assert_eq!(row[2].as_str().unwrap(), format!("{:.2} %", 100.0 * p));
    }
    // The comparison with the unchanged scenario is shown.
    let compared = client.execute("return !document.getElementById('compare-section').hidden;", vec![]).await.unwrap();
    assert_eq!(compared, json!(true));

    // Screenshots, wide and narrow; narrow must not scroll sideways.
    std::fs::create_dir_all(repo("docs/screenshots")).unwrap();
    for width in [1280_u32, 800] {
        client.set_window_size(width, 1800).await.unwrap();
        client.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let overflow = client
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .unwrap();
        assert!(overflow.as_i64().unwrap_or(1) <= 0, "{width} px: the page scrolls sideways by {overflow}");
        let png = client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(repo(&format!("docs/screenshots/serve-{width}.png")), png).unwrap();
    }
    client.close().await.unwrap();
}

/// Waits until the page has finished a run newer than `after` whose
/// request satisfies `want`; returns its run counter and request.
async fn wait_done(client: &fantoccini::Client, after: u64, want: impl Fn(&Value) -> bool) -> (u64, Value) {
    let start = Instant::now();
    loop {
        let status = client
            .execute(
                "const s = document.getElementById('status'); \
                 return [s.dataset.state, s.dataset.runs || '0', s.dataset.request || 'null', s.textContent, \
                 document.getElementById('error').textContent, document.getElementById('bar').hidden];",
                vec![],
            )
            .await
            .unwrap();
        let runs: u64 = status[1].as_str().unwrap_or("0").parse().unwrap_or(0);
        let ask: Value = serde_json::from_str(status[2].as_str().unwrap_or("null")).unwrap_or(Value::Null);
        // The progress bar shows only while the page is busy (a run plays,
        // or a scenario loads, which shows no bar); never once it is done.
        assert!(status[0] == "busy" || status[5] == true, "a progress bar outside a run: {status}");
        if status[0] == "done" && runs > after && want(&ask) {
            return (runs, ask);
        }
        assert!(status[0] != "error", "the page shows an error: {status}");
        assert!(start.elapsed() < Duration::from_secs(120), "the page did not finish: {status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
