//! Bad `--given` expressions, through the library: each is refused with
//! the column of the problem, the expression echoed with the bad token
//! underlined, and advice on what to write instead.

use negsim::evidence::{Evidence, MAX_DEPTH, MAX_LEN};
use negsim::model::Model;

fn model() -> Model {
    Model::baseline().unwrap()
}

/// One refused expression: where the problem is (1-based column and width
/// in characters), and words the message and the help must contain.
struct Case {
    expr: String,
    col: usize,
    width: usize,
    message: String,
    help: String,
}

fn case(
    expr: impl Into<String>,
    col: usize,
    width: usize,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Case {
    Case { expr: expr.into(), col, width, message: message.into(), help: help.into() }
}

/// The message and help of the refusal of `expr`.
fn refusal(expr: &str, model: &Model) -> (String, String) {
    let err = match Evidence::parse(expr, model) {
        Ok(_) => panic!("{expr:?} was accepted"),
        Err(e) => e,
    };
    assert_eq!(err.problems().len(), 1, "{expr:?}: {err}");
    let problem = &err.problems()[0];
    assert!(err.to_string().contains("help: "), "{expr:?} gives no advice:\n{err}");
    (problem.message.clone(), problem.help.clone().unwrap_or_default())
}

/// Checks the message's layout: header with the column, the expression on
/// its own line (whitespace shown as spaces), carets under the bad token.
fn check_layout(expr: &str, message: &str, col: usize, width: usize) {
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 3, "{expr:?}: message is not header, expression, carets:\n{message}");
    assert!(lines[0].starts_with(&format!("in --given, column {col}: ")), "{expr:?}: wrong column:\n{message}");
    let echo: String = expr.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    assert_eq!(lines[1], format!("  {}", echo.trim_end()), "{expr:?}: expression line");
    assert_eq!(lines[2], format!("  {}{}", " ".repeat(col - 1), "^".repeat(width)), "{expr:?}: carets:\n{message}");
}

#[test]
fn bad_expressions_are_refused_at_their_column_with_advice() {
    let model = model();
    let max = model.settings.max_rounds;
    let past = (max + 1).to_string();
    let cases = [
        case("(signed and held", 17, 1, "expected `)` to close the `(` at column 1", "add `)`"),
        case("signed and held)", 16, 1, "unmatched `)`", "remove it"),
        case(
            "signed and",
            11,
            1,
            "expected a condition after `and`, found the end of the expression",
            "or remove the `and`",
        ),
        case("rounds > 3 and   ", 15, 1, "expected a condition after `and`", "remove the `and`"),
        case("signed || || held", 11, 2, "expected a condition after `||`, found `||`", "write a condition"),
        case("rounds > and signed", 10, 3, "expected a number after `>`, found `and`", "write a number"),
        case("()", 2, 1, "expected a condition after `(`, found `)`", "put a condition inside"),
        case("roundz > 3", 1, 6, "unknown variable `roundz`", "did you mean `rounds`?"),
        case("uses(time_exhaustoin) > 0", 6, 15, "unknown tactic `time_exhaustoin`", "did you mean `time_exhaustion`?"),
        case("uses(3) > 0", 6, 1, "expected a tactic id in `uses(...)`, found `3`", "`time_exhaustion`"),
        case("outcome == durable-peec", 12, 12, "unknown outcome id `durable-peec`", "did you mean `durable-peace`?"),
        case("world != hybrid_world_war", 10, 16, "unknown world id `hybrid_world_war`", "`hybrid-world-war`"),
        case("world == 8", 10, 1, "worlds are numbered 1 to 7", "`mutual-exhaustion`"),
        case("durable-peace", 1, 13, "`durable-peace` is an id, not a condition", "`outcome == durable-peace`"),
        case("world < mutual-exhaustion", 7, 1, "an id compares only with `==` and `!=`", "`world < 4`"),
        case(
            "signed == 1",
            11,
            1,
            "`signed` is a condition (true or false), but `1` is a number",
            "write `signed` for true and `not signed` for false",
        ),
        case(
            "rounds >= held",
            11,
            4,
            "`rounds` is a number, but `held` is a condition",
            "compare `rounds` with a number",
        ),
        case("signed > held", 8, 1, "`>` compares numbers", "compare conditions with `==` or `!=`"),
        case("not rounds > 3", 1, 3, "`not` needs a condition, but `rounds` is a number", "`not (rounds > 3)`"),
        case("1 < rounds < 5", 12, 1, "comparisons do not chain", "`1 < rounds and rounds < 5`"),
        case("rounds", 7, 1, "expected a comparison", "as in `rounds > 3`"),
        case("hours(0) > 1", 7, 1, "rounds are numbered from 1", format!("from 1 to {max}")),
        case("hours(x) > 1", 7, 1, "expected a round number, found `x`", "as in `hours(3)`"),
        case("hours(2.5) > 1", 7, 3, "round `2.5` is not a whole number", "whole number"),
        case(
            format!("hours_in_round({past}) > 1"),
            16,
            past.len(),
            format!("round {past} is never played: this scenario plays at most {max} rounds"),
            "`simulation.max_rounds`",
        ),
        case(
            format!("uses(time_exhaustion, {past}) >= 1"),
            23,
            past.len(),
            format!("at most {max} rounds"),
            "as in `uses(time_exhaustion, 3)`",
        ),
        case("hours(3, 4) > 1", 8, 1, "too many arguments: `hours` takes one round number", "remove the extra"),
        case("rounds(3) > 1", 7, 1, "`rounds` takes no argument", "write `rounds` alone"),
        case("uses > 1", 1, 4, "`uses` needs an argument in parentheses", "`uses(time_exhaustion) >= 2`"),
        case("foo(3) > 1", 1, 3, "unknown function `foo`", "functions are `hours(N)`"),
        // Columns count characters, not bytes: a no-break space is two bytes.
        case("rounds\u{a0}> and signed", 10, 3, "expected a number after `>`", "write a number"),
        case("signé > 1", 1, 5, "`signé` is not a name", "did you mean `signed`?"),
        case("rounds > 3 and ☃", 16, 1, "unexpected character `☃`", "the operators `and`, `or`, `not`"),
        case("é or signed", 1, 1, "`é` is not a name: names are plain ASCII", "the letters a-z"),
        case("rounds = 3", 8, 1, "`=` is not an operator", "write `==`"),
        case("rounds => 3", 8, 2, "`=>` is not an operator", "write `>=`"),
        case("rounds > 3 & held", 12, 1, "`&` is not an operator", "write `and`"),
        case("signed held", 8, 4, "expected `and`, `or` or the end of the expression, found `held`", "join conditions"),
        case("rounds > 3 3", 12, 1, "expected `and`, `or` or the end of the expression, found `3`", "join conditions"),
        case("signed AND held", 8, 3, "found `AND`", "operators are lowercase: write `and`"),
        case("rounds > 3 and\tNOT held", 16, 3, "unknown name `NOT`", "write `not`"),
        case("rounds > -1", 10, 2, "`-1` is not a number", "numbers have no sign"),
        case("rounds-3 > 1", 1, 8, "unknown name `rounds-3`", "no arithmetic"),
        case("rounds >= 1e3", 11, 3, "`1e3` is not a number", "digits with an optional decimal point"),
        case("outcome == \"durable-peace\"", 12, 1, "unexpected quote", "without quotes"),
        case(
            format!("{}signed{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1)),
            MAX_DEPTH + 1,
            1,
            "nests more than 64 levels",
            "remove redundant parentheses",
        ),
    ];
    assert!(cases.len() >= 15);
    for c in &cases {
        let (message, help) = refusal(&c.expr, &model);
        check_layout(&c.expr, &message, c.col, c.width);
        assert!(message.contains(&c.message), "{:?}: message lacks {:?}:\n{message}", c.expr, c.message);
        assert!(help.contains(&c.help), "{:?}: help lacks {:?}:\n{help}", c.expr, c.help);
    }
}

#[test]
fn unknown_names_list_what_is_valid() {
    let model = model();
    let (_, help) = refusal("zzz > 3", &model);
    for name in ["`signed`", "`broke_down`", "`rounds`", "`signed_round`", "`terms`", "`uses(TACTIC, N)`"] {
        assert!(help.contains(name), "help lacks {name}: {help}");
    }
    let (_, help) = refusal("uses(zzz) > 0", &model);
    for t in &model.tactics {
        assert!(help.contains(&format!("`{}`", t.id)), "help lacks tactic {}: {help}", t.id);
    }
    let (_, help) = refusal("outcome == zzz", &model);
    for id in ["`hybrid-world-war`", "`durable-peace`", "1 to 7"] {
        assert!(help.contains(id), "help lacks {id}: {help}");
    }
}

#[test]
fn the_rendered_error_reads_as_documented() {
    let err = Evidence::parse("rounds > and signed", &model()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "error: in --given, column 10: expected a number after `>`, found `and`\n  rounds > and signed\n           ^^^\n  \
         = help: write a number (`3`, `1.5`) or a figure such as `rounds`"
    );
}

#[test]
fn empty_expressions_are_refused() {
    let model = model();
    for expr in ["", "   ", "\t\n"] {
        let (message, help) = refusal(expr, &model);
        assert_eq!(message, "in --given, column 1: the expression is empty", "{expr:?}");
        assert!(help.contains("leave out --given"), "{help}");
    }
}

#[test]
fn too_long_expressions_are_refused_and_the_limit_is_exact() {
    let model = model();
    let mut at_limit = "signed or ".repeat(99) + "held";
    at_limit.push_str(&" ".repeat(MAX_LEN - at_limit.chars().count()));
    assert_eq!(at_limit.chars().count(), MAX_LEN);
    Evidence::parse(&at_limit, &model).unwrap();
    // Counted in characters: 1000 two-byte characters are not too long.
    let wide = format!("signé{}", " ".repeat(MAX_LEN - 5));
    let (message, _) = refusal(&wide, &model);
    assert!(message.contains("is not a name"), "{message}");

    let long = at_limit + "x";
    let (message, help) = refusal(&long, &model);
    assert_eq!(
        message,
        format!(
            "in --given, column {}: the expression is 1001 characters long, more than the 1000 allowed",
            MAX_LEN + 1
        )
    );
    assert!(help.contains("fewer"), "{help}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let model = model();
    let ok = format!("{}signed{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    Evidence::parse(&ok, &model).unwrap();
    let nots = format!("{}signed", "not ".repeat(MAX_DEPTH));
    Evidence::parse(&nots, &model).unwrap();
    for expr in ["(".repeat(MAX_LEN), "!".repeat(MAX_LEN), "not ".repeat(MAX_LEN / 4), "(!".repeat(MAX_LEN / 2)] {
        let (message, _) = refusal(&expr, &model);
        assert!(message.contains("nests more than 64 levels"), "{message}");
    }
}

#[test]
fn every_prefix_of_valid_expressions_parses_or_points_inside_it() {
    // Cutting a valid expression anywhere gives either a valid expression or
    // an error whose caret is within the text or just past its end; never
    // a panic.
    let model = model();
    let valid = [
        "rounds > 3 and not signed",
        "uses(time_exhaustion, 3) >= 1 && hours(3) < 2",
        "(world == mutual-exhaustion or outcome != durable-peace) and !(terms <= 0.5)",
        "hours_in_round(12) > 4.25 || signed == held",
    ];
    for full in valid {
        Evidence::parse(full, &model).unwrap();
        let len = full.chars().count();
        for cut in 1..len {
            let expr: String = full.chars().take(cut).collect();
            if let Err(err) = Evidence::parse(&expr, &model) {
                let message = &err.problems()[0].message;
                let col: usize = message
                    .strip_prefix("in --given, column ")
                    .and_then(|rest| rest.split(':').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("{expr:?}: no column in {message}"));
                assert!((1..=cut + 1).contains(&col), "{expr:?}: column {col}");
                let caret = message.lines().nth(2).unwrap_or("");
                assert_eq!(caret.find('^'), Some(col + 1), "{expr:?}:\n{message}");
            }
        }
    }
}
