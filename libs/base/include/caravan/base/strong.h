#pragma once
// Strong index types: an index into one table cannot be used for another (stop_idx vs trip_idx does not
// compile). Modelled on nigiri's cista::strong and ULTRA's TaggedInteger; invalid() replaces -1 sentinels.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace caravan {

template <typename T, typename Tag>
struct strong {
  using value_type = T;

  constexpr strong() = default;
  constexpr explicit strong(T v) : v_{v} {}
  template <typename U>
    requires(std::is_integral_v<U> && !std::is_same_v<U, T>)
  constexpr explicit strong(U v) : v_{static_cast<T>(v)} {}

  static constexpr strong invalid() { return strong{std::numeric_limits<T>::max()}; }
  constexpr bool valid() const { return v_ != std::numeric_limits<T>::max(); }
  constexpr T v() const { return v_; }
  constexpr std::size_t idx() const { return static_cast<std::size_t>(v_); }

  constexpr strong& operator++() {
    ++v_;
    return *this;
  }
  friend constexpr auto operator<=>(strong, strong) = default;

  T v_{std::numeric_limits<T>::max()};
};

// A vector keyed by a strong index type: indexing it with another kind of index does not compile.
template <typename Idx, typename T>
struct typed_vector : std::vector<T> {
  using std::vector<T>::vector;
  T& operator[](Idx i) { return std::vector<T>::operator[](i.idx()); }
  T const& operator[](Idx i) const { return std::vector<T>::operator[](i.idx()); }
  T* at_ptr(Idx i) { return this->data() + i.idx(); }
  T const* at_ptr(Idx i) const { return this->data() + i.idx(); }
  void operator[](std::size_t) const = delete;  // an untyped index: say which kind it is
};

// Iterate 0..n as strong indices: for (auto s : indices<stop_idx>(n)).
template <typename Idx>
struct indices {
  struct iterator {
    typename Idx::value_type v_;
    Idx operator*() const { return Idx{v_}; }
    iterator& operator++() {
      ++v_;
      return *this;
    }
    bool operator!=(iterator const& o) const { return v_ != o.v_; }
  };
  explicit indices(std::size_t n) : n_{static_cast<typename Idx::value_type>(n)} {}
  iterator begin() const { return {0}; }
  iterator end() const { return {n_}; }
  typename Idx::value_type n_;
};

}  // namespace caravan

template <typename T, typename Tag>
struct std::hash<caravan::strong<T, Tag>> {
  std::size_t operator()(caravan::strong<T, Tag> s) const { return std::hash<T>{}(s.v_); }
};
