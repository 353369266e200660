"""Sentence vectors without PyTorch: a BERT sentence-transformers model run by ONNX Runtime.

Why: importing sentence-transformers (torch, transformers) took 3–5 s and about 450 MB in every
process, and a question needs one vector. ONNX Runtime and tokenizers start in 0.1 s, and the model
then costs about 115 MB.

How, in three parts:

- ``bert_graph`` writes the model's computation (BERT encoder, mean pooling over the attention mask,
  L2 normalisation: the sentence-transformers modules Transformer → Pooling → Normalize) as an ONNX
  graph. Its weights are ONNX *external data*: offsets into the model's own ``model.safetensors``,
  so the graph is about 30 kB and the weights are only ever read from the installed model package.
  Building it needs the onnx package, whose import takes about 1 s.
- ``cached_graph`` keeps the built graph in the index folder (``models/<weights sha256>-g<N>.onnx``):
  ingest builds it, and a question only reads it. The name holds the weights' hash and
  GRAPH_VERSION, so a new model or a changed graph gets a new file instead of a stale one.
- ``OnnxEncoder`` tokenizes with the model's ``tokenizer.json`` the way sentence-transformers does
  (stripped text, truncation at ``max_seq_length``, padding to the longest text in the batch) and
  runs the graph; ONNX Runtime copies the weights out of the memory-mapped file while the session
  is created, and the mapping is closed after that.

``tests/index/test_embedding.py`` checks the vectors against sentence-transformers on the dev
questions and the documents' passages (cosine ≥ 0.999; measured 0.9999995 or more). Models this
graph does not describe (another architecture, CLS pooling) are run by sentence-transformers
instead (``index.dense.Embedder``).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np

from index.errors import ModelError

GRAPH_VERSION = 1  # bump when bert_graph changes what it writes: cached graphs then are rebuilt
OPSET = 17  # LayerNormalization needs 17; ONNX Runtime from 1.14 runs it
WEIGHTS_FILE = "model.safetensors"
CACHE_FOLDER = "models"  # inside the index folder

log = logging.getLogger(__name__)


def unsupported_reason(folder: Path) -> str | None:
    """Why ``bert_graph`` cannot describe the model in ``folder``, or None when it can."""
    try:
        config = _read_json(folder / "config.json")
        modules = _read_json(folder / "modules.json")
    except (OSError, ValueError) as error:
        return f"konfigurationen kunde inte läsas ({error.__class__.__name__})"
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        return f"arkitekturen {config.get('model_type')}/{config.get('hidden_act')} är inte BERT med GELU"
    if config.get("position_embedding_type", "absolute") != "absolute":
        return "positionsinbäddningen är inte absolut"
    kinds = [module.get("type", "").rsplit(".", 1)[-1] for module in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        return f"modulerna {kinds} är inte Transformer, Pooling och Normalize"
    pooling = _read_json(folder / modules[1]["path"] / "config.json")
    modes = [key for key, value in pooling.items() if key.startswith("pooling_mode") and value]
    if modes != ["pooling_mode_mean_tokens"]:
        return f"poolningen {modes} är inte medelvärde över texten"
    if not (folder / WEIGHTS_FILE).exists() or not (folder / "tokenizer.json").exists():
        return f"{WEIGHTS_FILE} eller tokenizer.json saknas"
    _, header = _safetensors_header(folder / WEIGHTS_FILE)
    if any(meta["dtype"] != "F32" for name, meta in header.items() if name.endswith(("weight", "bias"))):
        return "vikterna är inte float32"
    return None


def cached_graph(folder: Path, weights_sha256: str, cache_dir: Path | None) -> bytes:
    """The model's ONNX graph: read from ``cache_dir`` when built before, else built (and kept there)."""
    path = graph_path(cache_dir, weights_sha256) if cache_dir is not None else None
    if path is not None and path.exists():
        return path.read_bytes()
    graph = bert_graph(folder)
    if path is not None:
        try:
            _write_atomic(path, graph)
        except OSError as error:  # a read-only index folder: the graph is rebuilt next time, nothing breaks
            log.info("Modellgrafen kunde inte sparas i %s: %s", path.parent, error)
    return graph


def graph_path(cache_dir: Path, weights_sha256: str) -> Path:
    """Where the graph of the model with these weights is kept in an index folder."""
    return cache_dir / CACHE_FOLDER / f"{weights_sha256[:16]}-g{GRAPH_VERSION}.onnx"


class OnnxEncoder:
    """One batch of texts → unit-length float32 sentence vectors, by ONNX Runtime. Thread-safe.

    ``threads`` is ONNX Runtime's intra-op thread count: 1 for serving (one question at a time, and
    no waiting on a busy second core), None for its default (one per core) when ingesting.
    """

    def __init__(self, folder: Path, graph: bytes, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        config = _read_json(folder / "config.json")
        self.dimension = int(config["hidden_size"])
        self._lowercase, max_length = _sentence_settings(folder, config)
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length)
        pad_id = int(config.get("pad_token_id") or 0)
        self._tokenizer.enable_padding(pad_id=pad_id, pad_token=self._tokenizer.id_to_token(pad_id) or "[PAD]")
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        if threads is not None:
            options.intra_op_num_threads = threads
        # Idle threads sleep instead of spinning: on the shared 2-core machine (load average 5.5) encoding
        # 120 passages took 5.1–5.5 s of CPU and 5.6–7.1 s wall against 6.2–7.8 s and 6.5–9.6 s spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # errors only: nothing on stderr in a normal run
        weights = np.memmap(folder / WEIGHTS_FILE, dtype=np.uint8, mode="r")
        try:
            options.add_external_initializers_from_files_in_memory([WEIGHTS_FILE], [weights], [len(weights)])
            self._session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own Fail/InvalidGraph types, not importable by name
            raise ModelError(f"Modellen i {folder} kunde inte läsas av ONNX Runtime: {error}") from error
        finally:
            del weights  # the session holds its own copy of the weights

    def __call__(self, texts: list[str]) -> np.ndarray:
        """The vectors of one batch, in order."""
        cleaned = [text.strip().lower() if self._lowercase else text.strip() for text in texts]
        encodings = self._tokenizer.encode_batch(cleaned)
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        (vectors,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        return vectors


def bert_graph(folder: Path) -> bytes:
    """The serialized ONNX graph of the BERT sentence model in ``folder`` (see the module docstring).

    Node by node it is what transformers' BertModel (eager attention) and sentence-transformers'
    Pooling(mean) and Normalize compute; the tests hold it to their vectors.
    """
    from onnx import TensorProto, helper, numpy_helper

    config = _read_json(folder / "config.json")
    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    head_size, epsilon = hidden // heads, float(config["layer_norm_eps"])
    data_start, header = _safetensors_header(folder / WEIGHTS_FILE)
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in header else ""
    nodes: list = []
    initializers: dict[str, TensorProto] = {}

    def weight(name: str) -> str:
        """An initializer read from the safetensors file by offset (ONNX external data)."""
        key = prefix + name
        if key not in initializers:
            meta = header[key]
            tensor = TensorProto(name=key, data_type=TensorProto.FLOAT, dims=meta["shape"])
            tensor.data_location = TensorProto.EXTERNAL
            start, end = meta["data_offsets"]
            for field, value in (("location", WEIGHTS_FILE), ("offset", data_start + start), ("length", end - start)):
                entry = tensor.external_data.add()
                entry.key, entry.value = field, str(value)
            initializers[key] = tensor
        return key

    def constant(name: str, value, dtype=np.float32) -> str:
        initializers.setdefault(name, numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def node(op: str, inputs: list[str], output: str | None = None, **attributes) -> str:
        output = output or f"{op.lower()}_{len(nodes)}"
        nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def linear(x: str, name: str) -> str:
        """x·Wᵀ + b on the flattened tokens (torch's Linear stores W as [out, in])."""
        return node("Gemm", [x, weight(f"{name}.weight"), weight(f"{name}.bias")], transB=1)

    def layer_norm(x: str, name: str) -> str:
        return node("LayerNormalization", [x, weight(f"{name}.weight"), weight(f"{name}.bias")], axis=-1, epsilon=epsilon)

    int64 = np.int64
    shape = node("Shape", ["input_ids"])  # [batch, tokens]
    tokens = node("Slice", [shape, constant("one", [1], int64), constant("two", [2], int64)])
    batch = node("Slice", [shape, constant("zero", [0], int64), constant("one", [1], int64)])
    heads_shape = node("Concat", [batch, constant("heads_shape", [-1, heads, head_size], int64)], axis=0)
    tokens_shape = node("Concat", [shape, constant("hidden", [hidden], int64)], axis=0)
    flat = constant("flat", [-1, hidden], int64)

    # Embeddings: word + position (0 … tokens-1) + token type 0, then LayerNorm; tokens flattened to rows.
    words = node("Gather", [weight("embeddings.word_embeddings.weight"), "input_ids"])
    positions = node("Slice", [weight("embeddings.position_embeddings.weight"), constant("zero", [0], int64), tokens])
    token_type = node("Gather", [weight("embeddings.token_type_embeddings.weight"), constant("type_0", 0, int64)])
    x = node("Add", [node("Add", [words, positions]), token_type])
    x = node("Reshape", [layer_norm(x, "embeddings.LayerNorm"), flat])

    # Padding gets the float32 minimum added to its attention scores, as transformers does.
    mask = node("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    padding = node("Sub", [constant("one_f", 1.0), node("Unsqueeze", [mask, constant("axes_1_2", [1, 2], int64)])])
    score_bias = node("Mul", [padding, constant("float_min", np.finfo(np.float32).min)])
    scale = constant("scale", 1.0 / np.sqrt(head_size))
    for number in range(int(config["num_hidden_layers"])):
        layer = f"encoder.layer.{number}"

        def split(projection: str, perm: list[int], x: str = x, layer: str = layer) -> str:
            """[rows, hidden] → [batch, heads, tokens, head_size] (or, for keys, [batch, heads, head_size, tokens])."""
            projected = linear(x, f"{layer}.attention.self.{projection}")
            return node("Transpose", [node("Reshape", [projected, heads_shape])], perm=perm)

        query, key, value = split("query", [0, 2, 1, 3]), split("key", [0, 2, 3, 1]), split("value", [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [query, key]), scale]), score_bias])
        context = node("MatMul", [node("Softmax", [scores], axis=-1), value])
        context = node("Reshape", [node("Transpose", [context], perm=[0, 2, 1, 3]), flat])
        attended = node("Add", [linear(context, f"{layer}.attention.output.dense"), x])
        x = layer_norm(attended, f"{layer}.attention.output.LayerNorm")
        inner = linear(x, f"{layer}.intermediate.dense")  # GELU with erf, BERT's "gelu"
        erf = node("Erf", [node("Div", [inner, constant("sqrt_2", np.sqrt(2.0))])])
        inner = node("Mul", [node("Mul", [inner, constant("half", 0.5)]), node("Add", [erf, constant("one_f", 1.0)])])
        x = layer_norm(node("Add", [linear(inner, f"{layer}.output.dense"), x]), f"{layer}.output.LayerNorm")

    # Mean over the text's tokens (padding excluded), then unit length: Pooling(mean) and Normalize.
    x = node("Reshape", [x, tokens_shape])
    weights = node("Unsqueeze", [mask, constant("axis_last", [-1], int64)])
    total = node("ReduceSum", [node("Mul", [x, weights]), constant("axis_1", [1], int64)], keepdims=0)
    count = node("Max", [node("ReduceSum", [weights, constant("axis_1", [1], int64)], keepdims=0), constant("min_count", 1e-9)])
    mean = node("Div", [total, count])
    norm = node("Max", [node("ReduceL2", [mean], axes=[1], keepdims=1), constant("min_norm", 1e-12)])
    node("Div", [mean, norm], output="embedding")

    graph = helper.make_graph(
        nodes,
        "sentence_embedding",
        [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"]) for name in ("input_ids", "attention_mask")],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        list(initializers.values()),
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="planeringsassistenten")
    model.ir_version = 8  # readable by every ONNX Runtime that has opset 17
    return model.SerializeToString()  # not onnx.checker: it looks for the weights file beside the graph


def _sentence_settings(folder: Path, config: dict) -> tuple[bool, int]:
    """sentence-transformers' lower-casing and truncation length for this model."""
    try:
        settings = _read_json(folder / "sentence_bert_config.json")
    except OSError:
        settings = {}
    max_length = int(settings.get("max_seq_length") or config["max_position_embeddings"])
    return bool(settings.get("do_lower_case", False)), min(max_length, int(config["max_position_embeddings"]))


def _safetensors_header(path: Path) -> tuple[int, dict]:
    """Where the tensor data starts in a safetensors file, and its header (name → dtype, shape, offsets)."""
    with path.open("rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(size))
    header.pop("__metadata__", None)
    return 8 + size, header


def _read_json(path: Path) -> dict | list:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
