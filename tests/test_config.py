"""Presets, overrides and validation."""
import pytest

from summarizer.config import available_presets, load_config
from summarizer.errors import ConfigError
from summarizer.interfaces.cli import build_parser
from summarizer.interfaces.options import config_from_args


def test_presets_exist_and_fast_uses_wordllama():
    assert {"default", "fast"} <= set(available_presets())
    assert load_config("default").embed.model == "wordllama"
    assert load_config("quality").embed.model == "minilm"
    assert load_config("fast").embed.model == "wordllama"
    assert load_config("default").select.budget == 100


def test_the_output_suffix_sets_the_format_unless_a_setting_does(tmp_path):
    def resolved(*argv):
        args = build_parser().parse_args(["summarize", "x.txt", *argv])
        return config_from_args(args, {"output.format": "json"}).output.format

    assert resolved() == "json"  # -o briefs.json alone
    assert resolved("-f", "txt") == "txt" and resolved("--set", "output.format=md") == "md"
    file = tmp_path / "c.yaml"
    file.write_text("output:\n  format: txt\n")
    assert resolved("--config", str(file)) == "txt"


def test_presets_are_listed_with_what_each_is_for(capsys):
    from summarizer.interfaces.cli import main

    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == available_presets()
    fast = next(line for line in lines if line.startswith("fast "))
    assert "WordLlama" in fast and len(fast) < 130


def test_unknown_keys_and_bad_values_are_errors(tmp_path):
    with pytest.raises(ConfigError, match="unknown config key 'nonsense'"):
        load_config("default", overrides={"select.nonsense": 1})
    bad = tmp_path / "bad.yaml"
    bad.write_text("selct:\n  budget: 10\n")
    with pytest.raises(ConfigError, match="unknown config key 'selct'"):
        load_config("default", bad)
    with pytest.raises(ConfigError, match="select.unit must be one of"):
        load_config("default", overrides={"select.unit": "pages"})
    with pytest.raises(ConfigError, match="unknown preset"):
        load_config("no-such-preset")
    with pytest.raises(ConfigError, match="fast.yaml not found; for the preset, use -p fast"):
        load_config("fast.yaml")
    with pytest.raises(ConfigError, match="select.budget must be at least 1"):
        load_config("default", overrides={"select.budget": 0})


@pytest.mark.parametrize("flags, message", [
    (["--budget", "0"], "--budget must be at least 1, got 0"),
    (["--budget", "-5", "--unit", "sentences"], "--budget must be at least 1, got -5"),
    (["--lambda", "-1"], "--lambda must be between 0 and 1, got -1.0"),
])
def test_bad_flag_values_name_the_flag(flags, message):
    args = build_parser().parse_args(["summarize", "x.txt", *flags])
    with pytest.raises(ConfigError) as error:
        config_from_args(args)
    assert str(error.value) == message


def test_cli_flags_override_config_file_which_overrides_preset(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("select:\n  budget: 150\n  mmr_lambda: 0.5\n")
    args = build_parser().parse_args(
        ["summarize", "-p", "fast", "--config", str(extra), "--budget", "60", "--set", "split.min_words=4"])
    config = config_from_args(args)
    assert config.embed.model == "wordllama"
    assert config.select.budget == 60
    assert config.select.mmr_lambda == 0.5
    assert config.split.min_words == 4
    assert config.to_dict()["select"]["budget"] == 60


def test_an_empty_set_value_is_an_empty_string():
    """`--set cluster.lead_model=` (or `=''`) turns a named model off; it is not the name 'None'."""
    for value in ("", "''"):
        args = build_parser().parse_args(["summarize", "--set", f"cluster.lead_model={value}",
                                          "--set", "cluster.pair_model=multinews-sentences"])
        config = config_from_args(args)
        assert config.cluster.lead_model == ""
        assert config.cluster.pair_model == "multinews-sentences"


def test_quiet_goes_before_or_after_the_command():
    parser = build_parser()
    assert parser.parse_args(["-q", "summarize", "a.txt"]).quiet
    assert parser.parse_args(["summarize", "a.txt", "-q"]).quiet
    assert parser.parse_args(["batch", "in", "--out", "out", "--quiet"]).quiet
    assert not parser.parse_args(["summarize", "a.txt"]).quiet


def test_batch_takes_its_output_folder_as_o_like_summarize():
    assert build_parser().parse_args(["batch", "news", "-o", "briefs"]).out == "briefs"
    assert build_parser().parse_args(["batch", "news", "--out", "briefs"]).out == "briefs"
