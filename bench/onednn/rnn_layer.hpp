// One oneDNN RNN layer (one direction) in f32: the primitives, the memories they run on, and the conversions
// between PyTorch's parameter layout and oneDNN's.
//
// Layouts (oneDNN names; T steps, N batch, I input, H hidden, G gates, one layer, one direction):
//   src_layer x [T, N, I] tnc        dst_layer y [T, N, H] tnc
//   src_iter h0, dst_iter hn [1, 1, N, H] ldnc (LSTM also src_iter_c c0, dst_iter_c cn)
//   weights_layer [1, 1, I, G, H], weights_iter [1, 1, H, G, H]: user copies in ldigo; the primitives get
//   format_tag::any and the weights are reordered once into the layout each primitive prefers
//   bias [1, 1, G', H] ldgo with G' = G, except LBR GRU: G' = 4 (the 4th is the recurrent candidate bias)
// Gate orders: oneDNN LSTM (i, f, c~, o) = PyTorch (i, f, g, o); oneDNN GRU (u, r, o) = PyTorch (z, r, n), so
// oneDNN gate g is PyTorch's block torch_gate(g). oneDNN has one bias per gate where PyTorch has b_ih + b_hh,
// except the LBR GRU's candidate, which keeps b_in (gate 2) and b_hn (gate 3) apart, as PyTorch does.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace peer {

using dnnl::memory;
using tag = memory::format_tag;

enum class Cell { RnnTanh, Lstm, Gru };

inline const char *cell_id(Cell c) {
    switch (c) {
        case Cell::RnnTanh: return "rnn_tanh";
        case Cell::Lstm: return "lstm";
        default: return "gru";
    }
}

inline Cell parse_cell(const std::string &s) {
    if (s == "rnn_tanh") return Cell::RnnTanh;
    if (s == "lstm") return Cell::Lstm;
    if (s == "gru") return Cell::Gru;
    throw std::invalid_argument("unknown cell '" + s + "': expected rnn_tanh, lstm or gru");
}

/** Gate blocks of the weights (as in RnnSpec: 1, 4, 3). */
inline int gates(Cell c) { return c == Cell::Lstm ? 4 : c == Cell::Gru ? 3 : 1; }

/** Bias gates of the oneDNN primitive: the LBR GRU has an extra one. */
inline int bias_gates(Cell c) { return c == Cell::Gru ? 4 : gates(c); }

/** PyTorch's gate block of oneDNN gate g. */
inline int torch_gate(Cell c, int g) {
    static const int gru[3] = {1, 0, 2};  // u = z, r = r, o = n
    return c == Cell::Gru ? gru[g] : g;
}

/** A layer's parameters in PyTorch's layout: w_ih [G*H, I], w_hh [G*H, H], b_ih and b_hh [G*H]. */
struct TorchWeights {
    std::vector<float> w_ih, w_hh, b_ih, b_hh;
};

struct Dims {
    int T, N, I, H;
};

/** PyTorch [G*H, in] -> ldigo [in, G, H]. */
inline std::vector<float> to_ldigo(Cell c, const std::vector<float> &w, int in, int h) {
    int G = gates(c);
    std::vector<float> out(static_cast<size_t>(in) * G * h);
    for (int i = 0; i < in; i++)
        for (int g = 0; g < G; g++)
            for (int o = 0; o < h; o++)
                out[(static_cast<size_t>(i) * G + g) * h + o] =
                        w[static_cast<size_t>(torch_gate(c, g) * h + o) * in + i];
    return out;
}

/** ldigo [in, G, H] -> PyTorch [G*H, in]. */
inline std::vector<float> from_ldigo(Cell c, const std::vector<float> &w, int in, int h) {
    int G = gates(c);
    std::vector<float> out(static_cast<size_t>(in) * G * h);
    for (int i = 0; i < in; i++)
        for (int g = 0; g < G; g++)
            for (int o = 0; o < h; o++)
                out[static_cast<size_t>(torch_gate(c, g) * h + o) * in + i] =
                        w[(static_cast<size_t>(i) * G + g) * h + o];
    return out;
}

/** PyTorch b_ih, b_hh [G*H] -> oneDNN ldgo [G', H]. */
inline std::vector<float> to_ldgo(Cell c, const std::vector<float> &b_ih, const std::vector<float> &b_hh, int h) {
    std::vector<float> out(static_cast<size_t>(bias_gates(c)) * h);
    for (int g = 0; g < gates(c); g++) {
        int t = torch_gate(c, g);
        bool split = c == Cell::Gru && g == 2;  // LBR: b_in here, b_hn in gate 3
        for (int o = 0; o < h; o++) out[g * h + o] = b_ih[t * h + o] + (split ? 0.0f : b_hh[t * h + o]);
    }
    if (c == Cell::Gru)
        for (int o = 0; o < h; o++) out[3 * h + o] = b_hh[2 * h + o];
    return out;
}

/** oneDNN's bias gradient [G', H] -> PyTorch's grad b_ih and b_hh (equal, except the GRU candidate's). */
inline void from_ldgo(Cell c, const std::vector<float> &db, int h, std::vector<float> &db_ih,
                      std::vector<float> &db_hh) {
    db_ih.assign(static_cast<size_t>(gates(c)) * h, 0.0f);
    db_hh = db_ih;
    for (int g = 0; g < gates(c); g++) {
        int t = torch_gate(c, g);
        for (int o = 0; o < h; o++) {
            db_ih[t * h + o] = db[g * h + o];
            db_hh[t * h + o] = c == Cell::Gru && g == 2 ? db[3 * h + o] : db[g * h + o];
        }
    }
}

inline void fill(const memory &m, const std::vector<float> &v, const std::string &what) {
    if (m.get_desc().get_size() != v.size() * sizeof(float)) {
        throw std::invalid_argument(what + ": " + std::to_string(v.size()) + " values for a memory of " +
                                    std::to_string(m.get_desc().get_size() / sizeof(float)));
    }
    std::memcpy(m.get_data_handle(), v.data(), v.size() * sizeof(float));
}

inline void zero(const memory &m) { std::memset(m.get_data_handle(), 0, m.get_desc().get_size()); }

/**
 * The layer. Inference builds the forward_inference primitive only; training builds forward_training and backward,
 * master weights in the layout of the diff weights (so that the SGD update is an elementwise loop over matching
 * arrays), and copies in the forward's and backward's layouts where these differ (refreshed after an update).
 *
 * zero_src_iter_md: give the primitives a zero memory descriptor for src_iter (and src_iter_c) instead of an
 * explicit zero tensor: only to show the oneDNN 2.6 bug (wrong diff_weights_iter for LSTM and vanilla RNN).
 */
class Layer {
public:
    Cell cell;
    Dims d;
    bool training;
    dnnl::engine eng;
    dnnl::stream s;

    memory x, h0, c0, y, hn, cn;            // data (c0, cn: LSTM only)
    memory dx, dh0, dc0, dy, dhn, dcn;      // their gradients (training only)
    memory bias, db;                        // ldgo
    memory wl, wi;                          // master weights (training: the diff weights' layout)
    memory wl_f, wi_f, wl_b, wi_b;          // the forward's and the backward's (may be wl, wi themselves)
    memory dwl, dwi, ws;                    // diff weights, workspace

    Layer(dnnl::engine engine, Cell c, Dims dims, bool train, const TorchWeights &w, bool zero_src_iter_md = false)
        : cell(c), d(dims), training(train), eng(std::move(engine)), s(eng), zero_md_(zero_src_iter_md) {
        const int G = gates(c);
        const memory::dim T = d.T, N = d.N, I = d.I, H = d.H;
        auto plain = [](const memory::dims &dims, tag t) { return memory::desc(dims, memory::data_type::f32, t); };
        const memory::desc md_x = plain({T, N, I}, tag::tnc), md_y = plain({T, N, H}, tag::tnc);
        const memory::desc md_s = plain({1, 1, N, H}, tag::ldnc);
        const memory::desc md_wl = plain({1, 1, I, G, H}, tag::any), md_wi = plain({1, 1, H, G, H}, tag::any);
        const memory::desc md_b = plain({1, 1, bias_gates(c), H}, tag::ldgo);
        const memory::desc md_i = zero_md_ ? memory::desc() : md_s;  // src_iter(_c), diff_src_iter(_c)
        build(md_x, md_i, md_wl, md_wi, md_b, md_y, md_s);

        auto q = [](const dnnl::primitive_desc_base &pd, int arg) {
            return pd.query_md(dnnl::query::exec_arg_md, arg);
        };
        x = memory(md_x, eng);
        y = memory(md_y, eng);
        h0 = memory(md_s, eng);
        hn = memory(md_s, eng);
        zero(h0);
        if (c == Cell::Lstm) {
            c0 = memory(md_s, eng);
            cn = memory(md_s, eng);
            zero(c0);
        }
        bias = memory(md_b, eng);
        fill(bias, to_ldgo(c, w.b_ih, w.b_hh, d.H), "bias");
        memory user_wl(plain({1, 1, I, G, H}, tag::ldigo), eng), user_wi(plain({1, 1, H, G, H}, tag::ldigo), eng);
        fill(user_wl, to_ldigo(c, w.w_ih, d.I, d.H), "weight_ih");
        fill(user_wi, to_ldigo(c, w.w_hh, d.H, d.H), "weight_hh");
        if (!training) {
            wl = wl_f = converted(user_wl, q(fwd_pd_, DNNL_ARG_WEIGHTS_LAYER));
            wi = wi_f = converted(user_wi, q(fwd_pd_, DNNL_ARG_WEIGHTS_ITER));
        } else {
            dwl = memory(q(bwd_pd_, DNNL_ARG_DIFF_WEIGHTS_LAYER), eng);
            dwi = memory(q(bwd_pd_, DNNL_ARG_DIFF_WEIGHTS_ITER), eng);
            db = memory(q(bwd_pd_, DNNL_ARG_DIFF_BIAS), eng);
            if (!(db.get_desc() == bias.get_desc())) throw std::logic_error("diff bias layout differs from bias");
            wl = converted(user_wl, dwl.get_desc());
            wi = converted(user_wi, dwi.get_desc());
            wl_f = view(wl, q(fwd_pd_, DNNL_ARG_WEIGHTS_LAYER));
            wi_f = view(wi, q(fwd_pd_, DNNL_ARG_WEIGHTS_ITER));
            wl_b = view(wl, q(bwd_pd_, DNNL_ARG_WEIGHTS_LAYER));
            wi_b = view(wi, q(bwd_pd_, DNNL_ARG_WEIGHTS_ITER));
            ws = memory(q(fwd_pd_, DNNL_ARG_WORKSPACE), eng);
            dx = memory(md_x, eng);
            dy = memory(md_y, eng);
            dh0 = memory(md_s, eng);
            dhn = memory(md_s, eng);
            zero(dhn);
            if (c == Cell::Lstm) {
                dc0 = memory(md_s, eng);
                dcn = memory(md_s, eng);
                zero(dcn);
            }
        }
        bind();
    }

    /** The primitives' weight layouts, for the CSV note and --verbose. */
    std::string layouts() const {
        std::string out = "forward weights " + describe(wl_f.get_desc());
        if (training) {
            out += ", backward " + describe(wl_b.get_desc()) + ", diff " + describe(dwl.get_desc());
        }
        return out;
    }

    /** Inference over the sequence (or training forward, without backward). */
    void forward() {
        fwd_.execute(s, fwd_args_);
        s.wait();
    }

    /** One streaming step (T = 1): the state written becomes the next call's input. */
    void step() {
        fwd_.execute(s, fwd_args_);
        s.wait();
        std::swap(fwd_args_[DNNL_ARG_SRC_ITER], fwd_args_[DNNL_ARG_DST_ITER]);
        if (cell == Cell::Lstm) std::swap(fwd_args_[DNNL_ARG_SRC_ITER_C], fwd_args_[DNNL_ARG_DST_ITER_C]);
    }

    /**
     * A training step: zero the diff weights and bias, forward_training, backward and, with lr > 0, SGD on the
     * master weights and bias followed by the reorders that bring the updated weights into the forward's and the
     * backward's layouts (where those differ from the master's).
     */
    void train(float lr) {
        zero_grads();
        forward();
        backward();
        if (lr > 0) {
            sgd(wl, dwl, lr);
            sgd(wi, dwi, lr);
            sgd(bias, db, lr);
            refresh();
        }
    }

    void zero_grads() {
        zero(dwl);
        zero(dwi);
        zero(db);
    }

    /** Backward over the sequence of the last forward (training): fills dx, dh0, dc0 and the diff weights. */
    void backward() {
        bwd_.execute(s, bwd_args_);
        s.wait();
    }

    /** After an update of the master weights: the reorders into the forward's and the backward's layouts. */
    void refresh() {
        for (auto &r : refresh_) r.prim.execute(s, r.from, r.to);
        s.wait();
    }

    /** The diff weights of the layer (true) or of the recurrence (false) as PyTorch's [G*H, in]. */
    std::vector<float> plain_weights_grad(bool layer) {
        const memory &m = layer ? dwl : dwi;
        return plain(m, d.H, layer ? d.I : d.H);
    }

    /** Weights of the layer (true) or of the recurrence (false) held by m (any layout), as PyTorch's [G*H, in]. */
    std::vector<float> plain_weights(const memory &m, bool layer) { return plain(m, d.H, layer ? d.I : d.H); }

    static std::vector<float> read(const memory &m) {
        std::vector<float> v(m.get_desc().get_size() / sizeof(float));
        std::memcpy(v.data(), m.get_data_handle(), v.size() * sizeof(float));
        return v;
    }

private:
    struct Refresh {
        dnnl::reorder prim;
        memory from, to;
    };

    bool zero_md_;
    dnnl::primitive fwd_, bwd_;
    dnnl::primitive_desc_base fwd_pd_, bwd_pd_;
    std::unordered_map<int, memory> fwd_args_, bwd_args_;
    std::vector<Refresh> refresh_;

    void build(const memory::desc &md_x, const memory::desc &md_i, const memory::desc &md_wl,
               const memory::desc &md_wi, const memory::desc &md_b, const memory::desc &md_y,
               const memory::desc &md_s) {
        using namespace dnnl;
        const prop_kind pk = training ? prop_kind::forward_training : prop_kind::forward_inference;
        const rnn_direction dir = rnn_direction::unidirectional_left2right;
        switch (cell) {
            case Cell::RnnTanh: {
                vanilla_rnn_forward::primitive_desc f(
                        vanilla_rnn_forward::desc(pk, algorithm::eltwise_tanh, dir, md_x, md_i, md_wl, md_wi, md_b,
                                                  md_y, md_s),
                        eng);
                fwd_pd_ = f;
                fwd_ = vanilla_rnn_forward(f);
                if (training) {
                    vanilla_rnn_backward::primitive_desc b(
                            vanilla_rnn_backward::desc(prop_kind::backward, algorithm::eltwise_tanh, dir, md_x, md_i,
                                                       md_wl, md_wi, md_b, md_y, md_s, md_x, md_i, md_wl, md_wi,
                                                       md_b, md_y, md_s),
                            eng, f);
                    bwd_pd_ = b;
                    bwd_ = vanilla_rnn_backward(b);
                }
                break;
            }
            case Cell::Lstm: {
                lstm_forward::primitive_desc f(
                        lstm_forward::desc(pk, dir, md_x, md_i, md_i, md_wl, md_wi, md_b, md_y, md_s, md_s), eng);
                fwd_pd_ = f;
                fwd_ = lstm_forward(f);
                if (training) {
                    lstm_backward::primitive_desc b(
                            lstm_backward::desc(prop_kind::backward, dir, md_x, md_i, md_i, md_wl, md_wi, md_b, md_y,
                                                md_s, md_s, md_x, md_i, md_i, md_wl, md_wi, md_b, md_y, md_s, md_s),
                            eng, f);
                    bwd_pd_ = b;
                    bwd_ = lstm_backward(b);
                }
                break;
            }
            case Cell::Gru: {
                lbr_gru_forward::primitive_desc f(
                        lbr_gru_forward::desc(pk, dir, md_x, md_i, md_wl, md_wi, md_b, md_y, md_s), eng);
                fwd_pd_ = f;
                fwd_ = lbr_gru_forward(f);
                if (training) {
                    lbr_gru_backward::primitive_desc b(
                            lbr_gru_backward::desc(prop_kind::backward, dir, md_x, md_i, md_wl, md_wi, md_b, md_y,
                                                   md_s, md_x, md_i, md_wl, md_wi, md_b, md_y, md_s),
                            eng, f);
                    bwd_pd_ = b;
                    bwd_ = lbr_gru_backward(b);
                }
                break;
            }
        }
    }

    void bind() {
        const bool lstm = cell == Cell::Lstm;
        fwd_args_ = {{DNNL_ARG_SRC_LAYER, x},     {DNNL_ARG_WEIGHTS_LAYER, wl_f}, {DNNL_ARG_WEIGHTS_ITER, wi_f},
                     {DNNL_ARG_BIAS, bias},       {DNNL_ARG_DST_LAYER, y},        {DNNL_ARG_DST_ITER, hn}};
        if (!zero_md_) fwd_args_[DNNL_ARG_SRC_ITER] = h0;
        if (lstm) {
            if (!zero_md_) fwd_args_[DNNL_ARG_SRC_ITER_C] = c0;
            fwd_args_[DNNL_ARG_DST_ITER_C] = cn;
        }
        if (!training) return;
        fwd_args_[DNNL_ARG_WORKSPACE] = ws;
        bwd_args_ = fwd_args_;
        bwd_args_[DNNL_ARG_WEIGHTS_LAYER] = wl_b;
        bwd_args_[DNNL_ARG_WEIGHTS_ITER] = wi_b;
        bwd_args_[DNNL_ARG_DIFF_SRC_LAYER] = dx;
        bwd_args_[DNNL_ARG_DIFF_WEIGHTS_LAYER] = dwl;
        bwd_args_[DNNL_ARG_DIFF_WEIGHTS_ITER] = dwi;
        bwd_args_[DNNL_ARG_DIFF_BIAS] = db;
        bwd_args_[DNNL_ARG_DIFF_DST_LAYER] = dy;
        bwd_args_[DNNL_ARG_DIFF_DST_ITER] = dhn;
        if (!zero_md_) bwd_args_[DNNL_ARG_DIFF_SRC_ITER] = dh0;
        if (lstm) {
            if (!zero_md_) bwd_args_[DNNL_ARG_DIFF_SRC_ITER_C] = dc0;
            bwd_args_[DNNL_ARG_DIFF_DST_ITER_C] = dcn;
        }
    }

    /** A new memory of layout md holding src's values (one reorder, outside any timed loop). */
    memory converted(const memory &src, const memory::desc &md) {
        memory dst(md, eng);
        dnnl::reorder(src, dst).execute(s, const_cast<memory &>(src), dst);
        s.wait();
        return dst;
    }

    /** master itself when md is its layout, else a copy in md, refreshed after every update. */
    memory view(const memory &master, const memory::desc &md) {
        if (md == master.get_desc()) return master;
        memory copy = converted(master, md);
        refresh_.push_back({dnnl::reorder(master, copy), master, copy});
        return copy;
    }

    /** A weights memory (any layout) as PyTorch's [G*H, in]. */
    std::vector<float> plain(const memory &m, int h, int in) {
        memory::desc md({1, 1, in, gates(cell), h}, memory::data_type::f32, tag::ldigo);
        memory p = md == m.get_desc() ? m : converted(m, md);
        return from_ldigo(cell, read(p), in, h);
    }

    static void sgd(const memory &w, const memory &g, float lr) {
        auto *pw = static_cast<float *>(w.get_data_handle());
        const auto *pg = static_cast<const float *>(g.get_data_handle());
        const long n = static_cast<long>(w.get_desc().get_size() / sizeof(float));
#pragma omp parallel for simd schedule(static) if (n > 32768)
        for (long k = 0; k < n; k++) pw[k] -= lr * pg[k];
    }

    static std::string describe(const memory::desc &md) {
        const dnnl_memory_desc_t &c = md.data;
        if (c.format_kind == dnnl_format_kind_rnn_packed) return "rnn_packed";
        if (c.format_kind != dnnl_blocked) return "format_kind " + std::to_string(static_cast<int>(c.format_kind));
        // The order of dimensions by decreasing stride: ldigo is abcde, ldgoi is abdec.
        std::vector<int> order;
        for (int i = 0; i < c.ndims; i++) order.push_back(i);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return c.format_desc.blocking.strides[a] > c.format_desc.blocking.strides[b];
        });
        const char *names = "ldigo";
        std::string out;
        for (int i : order) out += names[i];
        if (c.format_desc.blocking.inner_nblks > 0) out += " (blocked)";
        return out;
    }
};

}  // namespace peer
