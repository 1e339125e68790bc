#!/usr/bin/python3
"""The PyTorch twin of `rnn sentiment` on real files, for the speed comparison.

Same pipeline: the same tokenizer rules (as far as a regular expression gets: NFC, lower case, words, numbers such
as 3.14, English clitics split off, each punctuation mark and symbol its own token), the vocabulary from the training
part (--vocab-size entries with <pad>=0 and <unk>=1, --min-freq), texts cut to --max-len tokens, a seeded 10%
validation split of --train when no --valid is given, nn.Embedding(padding_idx=0) -> nn.LSTM -> nn.Linear on the
last valid step (pack_padded_sequence), CrossEntropyLoss, Adam at 1e-3, batches of 64 bucketed by length (shuffle,
pools of 50 batches sorted by length, batches shuffled: org.jrnn.data.LengthBuckets), validation after each epoch.

    /usr/bin/python3 examples/pytorch/sentiment_torch.py \
        --train DIR/train.tsv --test DIR/test.tsv --epochs 3 --threads 2

Formats: tsv (text<TAB>label), sst2 (a header naming the sentence and label columns), csv (header text,label);
guessed from the extension and first line as `rnn sentiment` does.
"""
import argparse
import collections
import csv
import os
import random
import re
import sys
import time
import unicodedata


def _openblas_coretype():
    """OpenBLAS's AVX-512 kernels where the CPU has AVX-512F, else its AVX2 ones (SkylakeX on an AVX2 CPU: SIGILL)."""
    try:
        with open("/proc/cpuinfo") as f:
            avx512 = any(line.startswith("flags") and "avx512f" in line.split() for line in f)
    except OSError:
        avx512 = False
    return "SkylakeX" if avx512 else "Haswell"


os.environ.setdefault("OPENBLAS_CORETYPE", _openblas_coretype())  # read when torch loads OpenBLAS

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from torch.nn.utils.rnn import pack_padded_sequence  # noqa: E402

TEXT_COLUMNS = ["sentence", "text", "review", "content", "phrase"]
LABEL_COLUMNS = ["label", "sentiment", "polarity", "class"]
CLITICS = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:'[^\W_]+)*|\S")


def tokenize(text):
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")
    out = []
    for tok in TOKEN.findall(text):
        if "'" in tok:
            for c in CLITICS:
                if tok.endswith(c) and len(tok) > len(c):
                    out.extend([tok[: -len(c)], c])
                    break
            else:
                out.append(tok)
        else:
            out.append(tok)
    return out


def label_of(s, where):
    s = s.strip()
    if s not in ("0", "1"):
        sys.exit("sentiment_torch: error: %s: label %r is not 0 or 1" % (where, s))
    return int(s)


def column(header, names, what, path):
    found = [i for i, h in enumerate(header) if h.strip().lower() in names]
    if len(found) != 1:
        sys.exit("sentiment_torch: error: %s: header %s has %s %s column" % (
            path, header, "no" if not found else "more than one", what))
    return found[0]


def read(path, fmt):
    with open(path, encoding="utf-8", newline="") as f:
        if fmt is None:
            if path.endswith(".csv"):
                fmt = "csv"
            else:
                first = f.readline()
                f.seek(0)
                fmt = "tsv" if first.rstrip("\r\n").rsplit("\t", 1)[-1].strip() in ("0", "1") else "sst2"
        texts, labels = [], []
        if fmt == "csv":
            rows = csv.reader(f)
            header = next(rows)
            t, l = column(header, TEXT_COLUMNS, "text", path), column(header, LABEL_COLUMNS, "label", path)
            for n, row in enumerate(rows, 2):
                texts.append(row[t])
                labels.append(label_of(row[l], "%s:%d" % (path, n)))
            return texts, labels
        lines = f.read().splitlines()
        if fmt == "sst2":
            header = lines[0].split("\t")
            t, l = column(header, TEXT_COLUMNS, "text", path), column(header, LABEL_COLUMNS, "label", path)
            for n, line in enumerate(lines[1:], 2):
                parts = line.rsplit("\t", 1) if (len(header) == 2 and t == 0) else line.split("\t")
                texts.append(parts[t])
                labels.append(label_of(parts[l], "%s:%d" % (path, n)))
        else:
            for n, line in enumerate(lines, 1):
                text, _, lab = line.rpartition("\t")
                texts.append(text)
                labels.append(label_of(lab, "%s:%d" % (path, n)))
        return texts, labels


def vocabulary(token_lists, min_freq, max_size):
    counts = collections.Counter(t for toks in token_lists for t in toks)
    words = sorted((w for w, c in counts.items() if c >= min_freq), key=lambda w: (-counts[w], w))
    ids = {"<pad>": 0, "<unk>": 1}
    for w in words[: max_size - 2]:
        ids[w] = len(ids)
    return ids


def encode(token_lists, ids, max_len):
    out = []
    for toks in token_lists:
        e = [ids.get(t, 1) for t in toks[:max_len]]
        out.append(e if e else [1])
    return out


def bucketed_batches(lengths, batch, epoch, seed, pool_batches=50):
    rng = random.Random(seed * 1000003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch * pool_batches
    batches = []
    for s in range(0, len(order), pool):
        members = sorted(order[s:s + pool], key=lambda i: lengths[i])
        batches.extend(members[k:k + batch] for k in range(0, len(members), batch))
    rng.shuffle(batches)
    return batches


def tensors(encoded, labels, rows):
    lengths = torch.tensor([len(encoded[i]) for i in rows])
    x = torch.zeros(len(rows), int(lengths.max()), dtype=torch.long)
    for b, i in enumerate(rows):
        x[b, : len(encoded[i])] = torch.tensor(encoded[i])
    return x, lengths, torch.tensor([labels[i] for i in rows])


class Classifier(nn.Module):
    def __init__(self, vocab, embedding, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding, padding_idx=0)
        self.rnn = nn.LSTM(embedding, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.embedding(x), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.rnn(packed)
        return self.head(h_n[-1])


def accuracy(model, encoded, labels, batch=256):
    model.eval()
    right = 0
    with torch.no_grad():
        for s in range(0, len(encoded), batch):
            rows = list(range(s, min(len(encoded), s + batch)))
            x, lengths, y = tensors(encoded, labels, rows)
            right += int((model(x, lengths).argmax(1) == y).sum())
    model.train()
    return right / len(encoded)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--valid")
    p.add_argument("--format", choices=["tsv", "sst2", "csv"])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--vocab-size", type=int, default=20000)
    p.add_argument("--min-freq", type=int, default=1)
    p.add_argument("--max-len", type=int, default=100)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    train_texts, train_labels = read(a.train, a.format)
    test_texts, test_labels = read(a.test, a.format)
    if a.valid:
        valid_texts, valid_labels = read(a.valid, a.format)
    else:
        order = list(range(len(train_texts)))
        random.Random(a.seed).shuffle(order)
        cut = len(order) - round(len(order) * 0.1)
        valid_texts = [train_texts[i] for i in order[cut:]]
        valid_labels = [train_labels[i] for i in order[cut:]]
        train_texts = [train_texts[i] for i in order[:cut]]
        train_labels = [train_labels[i] for i in order[:cut]]

    train_tokens = [tokenize(t)[: a.max_len] for t in train_texts]
    ids = vocabulary(train_tokens, a.min_freq, a.vocab_size)
    train_ids = encode(train_tokens, ids, a.max_len)
    valid_ids = encode([tokenize(t) for t in valid_texts], ids, a.max_len)
    test_ids = encode([tokenize(t) for t in test_texts], ids, a.max_len)
    lengths = [len(e) for e in train_ids]
    print("data: train %d, validation %d, test %d texts; vocabulary %d; torch %s, %d threads"
          % (len(train_ids), len(valid_ids), len(test_ids), len(ids), torch.__version__, torch.get_num_threads()))

    model = Classifier(len(ids), a.embedding, a.hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    batch_seconds = 0.0
    for epoch in range(a.epochs):
        t0 = time.perf_counter()
        total, n = 0.0, 0
        for rows in bucketed_batches(lengths, a.batch, epoch, a.seed):
            x, lens, y = tensors(train_ids, train_labels, rows)
            optimizer.zero_grad()
            loss = loss_fn(model(x, lens), y)
            loss.backward()
            optimizer.step()
            total += float(loss) * len(rows)
            n += len(rows)
        seconds = time.perf_counter() - t0
        batch_seconds += seconds
        print("epoch %d/%d  loss %.4f  val_accuracy %.4f  %.0f seq/s  %.1f s"
              % (epoch + 1, a.epochs, total / n, accuracy(model, valid_ids, valid_labels), n / seconds, seconds))
        sys.stdout.flush()
    train_seconds = time.perf_counter() - start
    print("train seconds %.1f (validation included)" % train_seconds)
    print("sequences/second %.0f" % (len(train_ids) * a.epochs / batch_seconds))
    print("test accuracy %.4f" % accuracy(model, test_ids, test_labels))


if __name__ == "__main__":
    main()
