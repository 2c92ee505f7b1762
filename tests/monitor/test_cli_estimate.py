"""`schakel estimate`: report, JSON, chart, strata and refused input (issue 7)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schakel.cli import app

DATA = Path(__file__).parent / "mse" / "data"
STRATA_CSV = """year,gender,A,B,C,count
2022,f,1,0,0,40
2022,f,0,1,0,30
2022,f,0,0,1,20
2022,f,1,1,0,6
2022,f,1,0,1,5
2022,f,0,1,1,4
2022,f,1,1,1,2
2023,f,1,0,0,50
2023,f,0,1,0,35
2023,f,0,0,1,25
2023,f,1,1,0,8
2023,f,1,0,1,6
2023,f,0,1,1,3
2023,f,1,1,1,1
"""


def invoke(*args: str | Path) -> object:
    return CliRunner().invoke(app, ["estimate", *map(str, args)])


def test_report_json_and_svg_chart(tmp_path: Path) -> None:
    out, svg = tmp_path / "out.json", tmp_path / "chart.svg"
    result = invoke(
        DATA / "UKdat_5.csv",
        "--rule",
        "uk",
        "--boot",
        "20",
        "--seed",
        "3",
        "--json",
        out,
        "--chart",
        svg,
    )
    assert result.exit_code == 0, result.output
    text = result.output
    for fragment in (
        "11,313.0",
        "dark number",
        "observed / estimated",
        "Wald p-value",
        "LA:PFNCA",
        "Candidate models",
        "bootstrap BCa",
        "profile likelihood",
    ):
        assert fragment in text
    data = json.loads(out.read_text())
    assert data["rule"] == "uk"
    (stratum,) = data["results"].values()
    assert stratum["estimate"] == pytest.approx(11313, abs=0.5)
    assert sorted(stratum["terms"]) == sorted(
        ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]
    )
    assert stratum["bootstrap"]["n_boot"] == 20
    assert {"lower", "upper"} <= set(stratum["candidates"][0])
    assert svg.read_text().lstrip().startswith("<svg")


def test_sparse_rule_on_ukdat_warns_about_empty_overlaps(tmp_path: Path) -> None:
    result = invoke(DATA / "UKdat.csv", "--rule", "sparse")
    assert result.exit_code == 0, result.output
    assert "11,418.0" in result.output
    assert "SparseMSE stepwise" in result.output
    assert "Warning" in result.output
    assert "LA:GP" in result.output


def test_strata_give_one_estimate_each_and_a_png(tmp_path: Path) -> None:
    table, png, out = tmp_path / "strata.csv", tmp_path / "chart.png", tmp_path / "o.json"
    table.write_text(STRATA_CSV)
    result = invoke(
        table, "--strata", "year,gender", "--rule", "main", "--chart", png, "--json", out
    )
    assert result.exit_code == 0, result.output
    assert "Estimates per stratum" in result.output
    assert set(json.loads(out.read_text())["results"]) == {"2022/f", "2023/f"}
    assert png.read_bytes().startswith(b"\x89PNG")


def test_html_chart_and_all_models(tmp_path: Path) -> None:
    html = tmp_path / "chart.html"
    result = invoke(DATA / "Artificial_3.csv", "--rule", "all", "--chart", html)
    assert result.exit_code == 0, result.output
    assert "not identifiable" in result.output
    assert "no mle" in result.output
    assert "vega" in html.read_text().lower()


def test_person_records_without_count_column(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    rows = ["1,0"] * 30 + ["0,1"] * 20 + ["1,1"] * 10
    records.write_text("police,shelter\n" + "\n".join(rows) + "\n")
    result = invoke(records, "--rule", "main")
    assert result.exit_code == 0, result.output
    assert "60 persons observed" in result.output
    # Two lists: N = n + n10 * n01 / n11 = 60 + 30 * 20 / 10.
    assert "120.0" in result.output


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("A,B,count\n1,0,5\n0,1,-3\n1,1,2\n", "row 3: count '-3' is negative"),
        ("A,B,count\n1,0,5\n0,1,2.5\n1,1,2\n", "row 3: count '2.5' is not a whole number"),
        ("A,B,count\n1,0,5\n1,0,3\n1,1,2\n", "row 3: pattern 10 duplicates row 2"),
        ("A,B,count\n1,0,5\n0,0,3\n1,1,2\n", "row 3: the all-zero pattern cannot be observed"),
        ("A,B,count\n1,0,5\n0,1\n", "row 3: has 2 fields, expected 3"),
        ("A,count\n1,5\n", "need at least 2 lists"),
        ("A,B,count\n1,0,5\n", "list(s) B: nobody is on this list"),
        ("A,B,count\n1,0,5\n0,2,1\n", "row 3: column 'B' must be 0 or 1"),
    ],
)
def test_bad_table_is_refused_with_row_and_reason(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    result = invoke(path)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_row_in_a_stratum_names_the_csv_line(tmp_path: Path) -> None:
    path = tmp_path / "strata.csv"
    path.write_text(STRATA_CSV.replace("2023,f,0,1,1,3", "2023,f,0,1,1,-1"))
    result = invoke(path, "--strata", "year")
    assert result.exit_code == 2
    # Without gender as a stratum it would be a list, and its values are not 0/1.
    assert "stratum 2022: row 2: column 'gender' must be 0 or 1, got 'f'" in result.output
    result = invoke(path, "--strata", "year,gender")
    assert result.exit_code == 2
    assert "stratum 2023/f: row 14: count '-1' is negative" in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--rule", "best"], "unknown rule 'best'"),
        (["--chart", "out.pdf"], "use a name ending in .svg, .png or .html"),
        (["--strata", "year"], "stratum column(s) year not in the header"),
        (["--boot", "5"], "at least 10 replicates"),
    ],
)
def test_bad_options_are_refused(args: list[str], fragment: str) -> None:
    result = invoke(DATA / "Artificial_3.csv", *args)
    assert result.exit_code == 2
    assert fragment in result.output


def test_missing_file_and_too_many_lists_for_all(tmp_path: Path) -> None:
    result = invoke(tmp_path / "absent.csv")
    assert result.exit_code == 2
    assert "no such file" in result.output
    shutil.copy(DATA / "NewOrl.csv", tmp_path / "NewOrl.csv")
    result = invoke(tmp_path / "NewOrl.csv", "--rule", "all")
    assert result.exit_code == 2
    assert "exhaustive search is limited to 6 lists" in result.output
