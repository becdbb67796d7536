"""AffectiveSpace: a low-rank vector space of concepts made by truncated SVD of AffectNet.

Concepts that share commonsense features land near each other and tend to carry
similar affect, so the affect of a concept nobody labelled can be read off its
labelled neighbours ("affective intuition", Cambria et al.). The estimator follows
scikit-learn conventions: parameters in ``__init__``, ``fit`` learns attributes that
end in ``_``, ``transform`` folds new rows of features into the space.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.extmath import randomized_svd
from sklearn.utils.validation import check_is_fitted

from .hourglass import DIMENSIONS, LABELS, polarity_rows


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


@dataclass(frozen=True)
class Neighbour:
    """A concept near another in AffectiveSpace (cosine similarity)."""

    index: int
    similarity: float


class AffectiveSpace(TransformerMixin, BaseEstimator):
    """Truncated SVD of a (blended) AffectNet matrix.

    Parameters
    ----------
    n_components:
        Dimensions kept (the paper's k; 100 by default).
    n_iter:
        Power iterations of the randomized SVD (more: slower, closer to exact).
    random_state:
        Seed of the randomized SVD, for reproducible builds.
    dtype:
        Floating type of the learned arrays (float32 halves memory and artifact size).

    Attributes
    ----------
    embedding_ : ndarray (n_concepts, n_components)
        ``U * s``: the concepts' coordinates.
    singular_values_ : ndarray (n_components,)
    components_ : ndarray (n_components, n_features)
        Right singular vectors; needed only to fold in new rows (:meth:`transform`).
    """

    def __init__(
        self,
        n_components: int = 100,
        n_iter: int = 5,
        random_state: int | None = 0,
        dtype: type = np.float32,
    ) -> None:
        self.n_components = n_components
        self.n_iter = n_iter
        self.random_state = random_state
        self.dtype = dtype

    def fit(self, X: sp.spmatrix | np.ndarray, y: None = None) -> "AffectiveSpace":
        """Factorise ``X`` (concepts x features)."""
        if not isinstance(self.n_components, int) or self.n_components < 1:
            raise ValueError(f"n_components must be a positive integer, got {self.n_components!r}")
        if X.ndim != 2 or min(X.shape) <= self.n_components:
            raise ValueError(f"X of shape {X.shape} is too small for n_components={self.n_components}")
        U, s, Vt = randomized_svd(
            X,
            n_components=self.n_components,
            n_iter=self.n_iter,
            random_state=self.random_state,
        )
        self.singular_values_ = s.astype(self.dtype)
        self.embedding_ = (U * s).astype(self.dtype)
        self.components_ = Vt.astype(self.dtype)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: sp.spmatrix | np.ndarray) -> np.ndarray:
        """Fold rows of features into the space: ``X V`` (same scale as ``embedding_``)."""
        check_is_fitted(self, "components_")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features; the space was fitted on {self.n_features_in_}")
        return np.asarray(X @ self.components_.T, dtype=self.dtype)

    @classmethod
    def from_arrays(cls, embedding: np.ndarray, singular_values: np.ndarray) -> "AffectiveSpace":
        """Rebuild a fitted space from stored arrays (without ``components_``)."""
        space = cls(n_components=int(embedding.shape[1]), dtype=embedding.dtype.type)
        space.embedding_ = embedding
        space.singular_values_ = singular_values
        return space


class AffectiveIntuition(BaseEstimator):
    """Infers the affect of concepts from their labelled neighbours in AffectiveSpace.

    Exact k-nearest-neighbour search over hundreds of thousands of anchors is too slow
    to run for every unlabelled concept at build time, so anchors are bucketed by
    k-means (an inverted-file index): a query falls in its nearest bucket and scans
    the anchors of the ``n_probe`` buckets nearest to that one. Neighbours vote with
    weight ``similarity ** power``.
    """

    def __init__(
        self,
        n_neighbors: int = 10,
        n_buckets: int = 256,
        n_probe: int = 6,
        power: float = 3.0,
        random_state: int = 0,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.n_buckets = n_buckets
        self.n_probe = n_probe
        self.power = power
        self.random_state = random_state

    def fit(self, vectors: np.ndarray, values: np.ndarray) -> "AffectiveIntuition":
        """Index labelled ``vectors`` (n, k) with their Hourglass ``values`` (n, 4)."""
        from sklearn.cluster import MiniBatchKMeans

        unit = _unit_rows(np.asarray(vectors, dtype=np.float32))
        keep = np.linalg.norm(unit, axis=1) > 0
        self.anchor_ids_ = np.flatnonzero(keep)
        unit = unit[keep]
        self.values_ = np.asarray(values, dtype=np.float32)[keep]
        n_buckets = max(1, min(self.n_buckets, len(unit) // 20))
        kmeans = MiniBatchKMeans(
            n_clusters=n_buckets, random_state=self.random_state, batch_size=4096, n_init=1, max_iter=50
        )
        assign = kmeans.fit_predict(unit)
        self.centroids_ = _unit_rows(kmeans.cluster_centers_.astype(np.float32))
        order = np.argsort(assign, kind="stable")
        self.bucket_ptr_ = np.searchsorted(assign[order], np.arange(n_buckets + 1))
        self.anchors_ = unit[order]
        self.anchor_values_ = self.values_[order]
        self.anchor_order_ = self.anchor_ids_[order]
        return self

    def predict(self, vectors: np.ndarray, exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Return inferred Hourglass values (m, 4) and a confidence in [0, 1] per query.

        ``exclude`` (m,) optionally gives, per query, an anchor id it may not vote for
        (itself, when a labelled concept is re-predicted for evaluation).
        """
        check_is_fitted(self, "anchors_")
        queries = _unit_rows(np.asarray(vectors, dtype=np.float32))
        m = len(queries)
        out = np.zeros((m, 4), dtype=np.float32)
        conf = np.zeros(m, dtype=np.float32)
        n_probe = min(self.n_probe, len(self.centroids_))
        # Each query goes to its nearest bucket; a bucket's queries scan the anchors of
        # the n_probe buckets nearest to it, so queries share one matrix product.
        primary = np.argmax(queries @ self.centroids_.T, axis=1)
        primary[~queries.any(axis=1)] = -1
        bucket_sims = self.centroids_ @ self.centroids_.T
        probe_sets = np.argpartition(-bucket_sims, n_probe - 1, axis=1)[:, :n_probe]
        for bucket in np.unique(primary[primary >= 0]):
            cand = np.concatenate(
                [np.arange(self.bucket_ptr_[b], self.bucket_ptr_[b + 1]) for b in probe_sets[bucket]]
            )
            if len(cand) == 0:
                continue
            cand_vecs = self.anchors_[cand]
            cand_vals = self.anchor_values_[cand]
            cand_ids = self.anchor_order_[cand]
            k = min(self.n_neighbors, len(cand))
            members_all = np.flatnonzero(primary == bucket)
            for lo in range(0, len(members_all), 2048):
                members = members_all[lo : lo + 2048]
                sims = queries[members] @ cand_vecs.T
                if exclude is not None:
                    sims[cand_ids[None, :] == exclude[members][:, None]] = -np.inf
                top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
                top_sims = np.take_along_axis(sims, top, axis=1)
                weights = np.clip(top_sims, 0.0, None) ** self.power
                total = weights.sum(axis=1, keepdims=True)
                pred = np.einsum("gk,gkd->gd", weights, cand_vals[top]) / np.where(total > 0, total, 1.0)
                out[members] = pred
                conf[members] = np.clip(top_sims.max(axis=1), 0.0, 1.0) * (total[:, 0] > 0)
        return out, conf


def sentic_medoids(
    vectors: np.ndarray, primary_mood: np.ndarray, n_iter: int = 5, sample: int = 2000, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster AffectiveSpace around the 24 Hourglass labels (sentic medoids).

    Each label's medoid starts as the labelled concept (primary mood = label) closest
    to its label's centroid; then, k-medoids style, labelled concepts are assigned to
    the nearest medoid and each medoid moves to the member nearest its cluster's
    centroid (searched among a sample of members, to bound the cost). Returns the
    medoid concept ids (24,) (-1 for a label no concept has) and unit centroids (24, k).
    """
    rng = np.random.default_rng(random_state)
    unit = _unit_rows(np.asarray(vectors, dtype=np.float32))
    n_labels = len(LABELS)
    medoids = np.full(n_labels, -1, dtype=np.int64)
    members_by_label = [np.flatnonzero(primary_mood == lab) for lab in range(n_labels)]

    def closest_to_centroid(members: np.ndarray) -> int:
        if len(members) == 0:
            return -1
        centroid = unit[members].mean(axis=0)
        pool = members if len(members) <= sample else rng.choice(members, sample, replace=False)
        return int(pool[np.argmax(unit[pool] @ centroid)])

    for lab in range(n_labels):
        medoids[lab] = closest_to_centroid(members_by_label[lab])
    labelled = np.flatnonzero(primary_mood >= 0)
    for _ in range(n_iter):
        valid = medoids >= 0
        centres = unit[medoids[valid]]
        assign = np.argmax(unit[labelled] @ centres.T, axis=1)
        labels_of = np.flatnonzero(valid)[assign]
        new = medoids.copy()
        for lab in np.flatnonzero(valid):
            members = labelled[labels_of == lab]
            if len(members):
                new[lab] = closest_to_centroid(members)
        if np.array_equal(new, medoids):
            break
        medoids = new
    centroids = np.zeros((n_labels, unit.shape[1]), dtype=np.float32)
    centroids[medoids >= 0] = unit[medoids[medoids >= 0]]
    return medoids, centroids


def reading_from_values(values: np.ndarray) -> dict[str, object]:
    """Polarity and dimension dict of a single (4,) Hourglass vector."""
    values = np.asarray(values, dtype=np.float64)
    return {
        "hourglass": {d: float(v) for d, v in zip(DIMENSIONS, values)},
        "polarity": float(polarity_rows(values[None, :])[0]),
    }
