// A minimal safetensors reader and writer for the oneDNN peer's --check mode (float32 tensors only).
//
// Layout of a file: 8 bytes little-endian u64 N, N bytes of JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {..}}, then the
// data; offsets count from the first byte after the header.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace st {

struct Tensor {
    std::vector<int64_t> shape;
    std::vector<float> data;

    int64_t count() const {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        return n;
    }
};

using File = std::map<std::string, Tensor>;

inline std::string shape_text(const std::vector<int64_t> &s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); i++) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

// A JSON value, as far as a safetensors header needs one: objects, arrays, strings, numbers.
struct Json {
    enum Type { Null, Bool, Number, String, Array, Object } type = Null;
    double number = 0;
    std::string text;
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;

    const Json *member(const std::string &key) const {
        for (const auto &m : members)
            if (m.first == key) return &m.second;
        return nullptr;
    }
};

class JsonParser {
public:
    JsonParser(const std::string &text, const std::string &where) : s_(text), where_(where) {}

    Json parse() {
        Json v = value();
        space();
        if (i_ != s_.size()) error("trailing characters");
        return v;
    }

private:
    const std::string &s_;
    std::string where_;
    size_t i_ = 0;

    [[noreturn]] void error(const std::string &what) {
        throw std::runtime_error(where_ + ": header JSON: " + what + " at character " + std::to_string(i_));
    }
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) i_++;
    }
    void expect(char c) {
        space();
        if (i_ >= s_.size() || s_[i_] != c) error(std::string("expected '") + c + "'");
        i_++;
    }
    std::string string() {
        expect('"');
        std::string out;
        while (i_ < s_.size() && s_[i_] != '"') {
            char c = s_[i_++];
            if (c == '\\') {
                if (i_ >= s_.size()) error("unfinished escape");
                char e = s_[i_++];
                switch (e) {
                    case 'n': out += '\n'; break;
                    case 't': out += '\t'; break;
                    case 'r': out += '\r'; break;
                    case 'b': out += '\b'; break;
                    case 'f': out += '\f'; break;
                    case 'u': {
                        if (i_ + 4 > s_.size()) error("short \\u escape");
                        unsigned code = std::stoul(s_.substr(i_, 4), nullptr, 16);
                        i_ += 4;
                        if (code < 0x80) {
                            out += static_cast<char>(code);
                        } else if (code < 0x800) {
                            out += static_cast<char>(0xC0 | (code >> 6));
                            out += static_cast<char>(0x80 | (code & 0x3F));
                        } else {
                            out += static_cast<char>(0xE0 | (code >> 12));
                            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                            out += static_cast<char>(0x80 | (code & 0x3F));
                        }
                        break;
                    }
                    default: out += e;
                }
            } else {
                out += c;
            }
        }
        if (i_ >= s_.size()) error("unterminated string");
        i_++;
        return out;
    }
    Json value() {
        space();
        if (i_ >= s_.size()) error("unexpected end");
        Json v;
        char c = s_[i_];
        if (c == '{') {
            v.type = Json::Object;
            i_++;
            space();
            if (i_ < s_.size() && s_[i_] == '}') {
                i_++;
                return v;
            }
            while (true) {
                std::string key = string();
                expect(':');
                v.members.emplace_back(key, value());
                space();
                if (i_ < s_.size() && s_[i_] == ',') {
                    i_++;
                    continue;
                }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            v.type = Json::Array;
            i_++;
            space();
            if (i_ < s_.size() && s_[i_] == ']') {
                i_++;
                return v;
            }
            while (true) {
                v.items.push_back(value());
                space();
                if (i_ < s_.size() && s_[i_] == ',') {
                    i_++;
                    continue;
                }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.type = Json::String;
            v.text = string();
            return v;
        }
        if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 5, "false") == 0) {
            v.type = Json::Bool;
            v.number = s_[i_] == 't';
            i_ += s_[i_] == 't' ? 4 : 5;
            return v;
        }
        if (s_.compare(i_, 4, "null") == 0) {
            i_ += 4;
            return v;
        }
        size_t used = 0;
        try {
            v.number = std::stod(s_.substr(i_, 32), &used);
        } catch (const std::exception &) {
            error("not a JSON value");
        }
        v.type = Json::Number;
        i_ += used;
        return v;
    }
};

// Reads every tensor of a file; a tensor that is not F32, or whose offsets do not fit the file, is an error.
inline File read(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 8) throw std::runtime_error(path + ": shorter than the 8-byte header length");
    uint64_t n = 0;
    for (int b = 7; b >= 0; b--) n = (n << 8) | static_cast<unsigned char>(bytes[b]);
    if (n > bytes.size() - 8) {
        throw std::runtime_error(path + ": header length " + std::to_string(n) + " exceeds the file's " +
                                 std::to_string(bytes.size()) + " bytes");
    }
    std::string header = bytes.substr(8, n);
    Json root = JsonParser(header, path).parse();
    if (root.type != Json::Object) throw std::runtime_error(path + ": header is not a JSON object");
    const size_t base = 8 + n;
    File out;
    for (const auto &m : root.members) {
        if (m.first == "__metadata__") continue;
        const Json *dtype = m.second.member("dtype");
        const Json *shape = m.second.member("shape");
        const Json *offsets = m.second.member("data_offsets");
        if (!dtype || !shape || !offsets || offsets->items.size() != 2) {
            throw std::runtime_error(path + ": tensor '" + m.first + "' lacks dtype, shape or data_offsets");
        }
        if (dtype->text != "F32") {
            throw std::runtime_error(path + ": tensor '" + m.first + "' is " + dtype->text + ", expected F32");
        }
        Tensor t;
        for (const Json &d : shape->items) t.shape.push_back(static_cast<int64_t>(d.number));
        auto begin = static_cast<size_t>(offsets->items[0].number);
        auto end = static_cast<size_t>(offsets->items[1].number);
        if (end < begin || base + end > bytes.size() ||
            end - begin != static_cast<size_t>(t.count()) * sizeof(float)) {
            throw std::runtime_error(path + ": tensor '" + m.first + "' of shape " + shape_text(t.shape) +
                                     " has data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                                     "] that do not fit its size or the file");
        }
        t.data.resize(t.count());
        std::memcpy(t.data.data(), bytes.data() + base + begin, end - begin);  // little-endian host assumed
        out.emplace(m.first, std::move(t));
    }
    return out;
}

inline void write(const std::string &path, const File &tensors) {
    std::ostringstream h;
    h << "{";
    size_t offset = 0;
    bool first = true;
    for (const auto &[name, t] : tensors) {
        if (static_cast<int64_t>(t.data.size()) != t.count()) {
            throw std::runtime_error(path + ": tensor '" + name + "' holds " + std::to_string(t.data.size()) +
                                     " values but its shape " + shape_text(t.shape) + " needs " +
                                     std::to_string(t.count()));
        }
        size_t size = t.data.size() * sizeof(float);
        h << (first ? "" : ",") << "\"" << name << "\":{\"dtype\":\"F32\",\"shape\":[";
        for (size_t i = 0; i < t.shape.size(); i++) h << (i ? "," : "") << t.shape[i];
        h << "],\"data_offsets\":[" << offset << "," << offset + size << "]}";
        offset += size;
        first = false;
    }
    h << "}";
    std::string header = h.str();
    while (header.size() % 8 != 0) header += ' ';  // the data then starts 8-byte aligned
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error(path + ": cannot create");
    uint64_t n = header.size();
    for (int b = 0; b < 8; b++) out.put(static_cast<char>((n >> (8 * b)) & 0xFF));
    out << header;
    for (const auto &entry : tensors) {
        out.write(reinterpret_cast<const char *>(entry.second.data.data()),
                  static_cast<std::streamsize>(entry.second.data.size() * sizeof(float)));
    }
    if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace st
