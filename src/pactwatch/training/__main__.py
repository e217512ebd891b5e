"""`python -m pactwatch.training [DATA] [OUT]`: retrains the provision classifier (what
`make model` runs)."""

import sys
from pathlib import Path

from pactwatch.nlp.classifier import model_path
from pactwatch.training.provisions import train

data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("training/provisions")
out = Path(sys.argv[2]) if len(sys.argv) > 2 else model_path()
scores = train(data, out, log=print)
print(f"held-out: precision {scores['precision']}, recall {scores['recall']}, "
      f"f1 {scores['f1']} ({scores['sentences']['train']} trained, "
      f"{scores['sentences']['held_out']} held out) -> {out}")
