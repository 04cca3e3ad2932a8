"""Off-the-shelf baselines for `npm run eval:match -- --anchor`, on the same own.jsonl / partner.jsonl
files the `match` command reads, with the four fields every noise model carries (first name,
surname, date of birth, document number):

- splink: Fellegi-Sunter as its documentation sets it up: u by random sampling, the prior match
  probability from a deterministic rule, m by EM over two blocking sessions, term-frequency
  adjustments on names; predicted on the usual blocking rules, then one to one (each record's
  mutually best link above probability 0.5).
- recordlinkage: ECM classifier (unsupervised EM on binary comparison vectors), one to one greedily.

Writes one JSON line per matched pair ({"own_id","partner_id"}) to --out DIR/<method>.jsonl.
Installed by scripts/install-match-baseline.sh into .tools/baseline-venv.
"""

import argparse
import json
import logging
import os
import re
import sys

import pandas as pd


def read(path, source):
    rows = []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)

            def clean(v, pattern):
                if not isinstance(v, str):
                    return None
                s = re.sub(pattern, "", v.upper())
                return s or None

            rows.append(
                {
                    "unique_id": str(r["id"]),
                    "source_dataset": source,
                    "first_name": clean(r.get("first_name"), r"[^A-Z ]"),
                    "surname": clean(r.get("surname"), r"[^A-Z ]"),
                    "dob": clean(r.get("date_of_birth"), r"[^0-9-]"),
                    "doc": clean(r.get("document_number"), r"[^A-Z0-9]"),
                }
            )
    return pd.DataFrame(rows)


def one_to_one(pairs):
    """pairs: iterable of (score, own_id, partner_id), best first taken while both are free."""
    taken_own, taken_partner, out = set(), set(), []
    for score, o, p in sorted(pairs, key=lambda t: -t[0]):
        if o in taken_own or p in taken_partner:
            continue
        taken_own.add(o)
        taken_partner.add(p)
        out.append((o, p))
    return out


def run_splink(own, partner):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("doc"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("doc", [1, 2]),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(
        [db_api.register(own, table_name="own"), db_api.register(partner, table_name="partner")],
        settings,
        log_level=logging.ERROR,
    )
    linker.training.estimate_probability_two_random_records_match([block_on("doc", "dob")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    df = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pairs = []
    for r in df.itertuples():
        own_id, partner_id = (r.unique_id_l, r.unique_id_r) if r.source_dataset_l == "own" else (r.unique_id_r, r.unique_id_l)
        pairs.append((r.match_weight, own_id, partner_id))
    return one_to_one(pairs)


def run_recordlinkage(own, partner):
    import recordlinkage

    a = own.set_index("unique_id")
    b = partner.set_index("unique_id")
    indexer = recordlinkage.Index()
    for col in ["surname", "first_name", "dob", "doc"]:
        indexer.block(col)
    links = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.85, label="first_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("dob", "dob", label="dob")
    compare.exact("doc", "doc", label="doc")
    features = compare.compute(links, a, b)
    ecm = recordlinkage.ECMClassifier(binarize=None)
    ecm.fit(features)
    probabilities = ecm.prob(features)
    pairs = [(p, o, x) for (o, x), p in probabilities.items() if p >= 0.5]
    return one_to_one(pairs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--own", required=True)
    parser.add_argument("--partner", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--methods", default="splink,recordlinkage")
    args = parser.parse_args()
    own = read(args.own, "own")
    partner = read(args.partner, "partner")
    os.makedirs(args.out, exist_ok=True)
    for method in args.methods.split(","):
        try:
            matched = run_splink(own, partner) if method == "splink" else run_recordlinkage(own, partner)
        except Exception as err:  # report and go on with the other baseline
            print(f"baseline {method} failed: {type(err).__name__}: {err}", file=sys.stderr)
            continue
        with open(os.path.join(args.out, f"{method}.jsonl"), "w", encoding="utf8") as f:
            for o, p in matched:
                f.write(json.dumps({"own_id": o, "partner_id": p}) + "\n")


if __name__ == "__main__":
    main()
