"""`train` and `evaluate` commands: a thin typer layer over `train()`.

The lead mounts `app` under the main CLI (`suppeq train ...`); until then
`python -m training.cli train training/configs/tone.yaml` works the same.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.core.config import REPO_ROOT
from training.config import ConfigError, load_config
from training.evaluate_saved import evaluate_model_dir
from training.report import metrics_table
from training.train import TrainingDataError, train

__all__ = ["app"]

app = typer.Typer(
    help="Train and evaluate SuppEQ's tone and signal models.", no_args_is_help=True
)
console = Console(stderr=True)


@app.command("train")
def train_command(
    config: Annotated[
        Path, typer.Argument(help="YAML config, e.g. training/configs/tone.yaml")
    ],
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir", help="Defaults to models/<tone or signal>/<version>."
        ),
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Override a config field: key=value, or key+=value to append to "
            "a list, e.g. 'sources+={corpus: feedback.v1}' (repeatable).",
        ),
    ] = None,
) -> None:
    """Train the tone heads or one binary signal, evaluate them, write the card."""
    try:
        settings = load_config(config, overrides or [])
    except ConfigError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error
    name = getattr(settings, "signal", "tone")
    target = output_dir or REPO_ROOT / "models" / name / settings.version

    with console.status("training") as status:
        try:
            summary = train(
                settings,
                target,
                on_step=lambda text: status.update(text),
                command=_command_line(),
            )
        except TrainingDataError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(code=1) from error
    console.print(f"wrote {target} in {summary['seconds']:.0f} s")
    typer.echo(json.dumps(summary["primary"], indent=2))


@app.command("evaluate")
def evaluate_command(
    model_dir: Annotated[
        Path, typer.Argument(help="A model directory, e.g. models/tone/0.1.0")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Also write the JSON report here (nothing is written "
            "by default, so a committed model folder stays untouched).",
        ),
    ] = None,
) -> None:
    """Re-score a saved model on its held-out data; print the metrics table."""
    with console.status("evaluating"):
        result = evaluate_model_dir(model_dir)
    name = f"{result['version'].rsplit('-', 1)[0]} head"
    for task, entry in result.items():
        if isinstance(entry, dict) and "model" in entry:
            typer.echo(f"\n### {task}\n\n{metrics_table(entry, name)}")
    if result["mismatches"]:
        console.print(
            f"[yellow]differs from card.json: {result['mismatches']}[/yellow]"
        )
    if output is not None:
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {output}")


def _command_line() -> str:
    # Recorded on the card as the command that produced it; `suppeq` is the
    # documented entry point, whichever wrapper ran.
    return "suppeq " + shlex.join(sys.argv[1:])


if __name__ == "__main__":
    app()
