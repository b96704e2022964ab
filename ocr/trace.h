// Tracing of the OCR passes: one line per OSD and recognition pass, with its time and
// verdict, on stderr (ocr.trace, or TRAWL_OCR_TRACE=1, read by OcrEngine::create).
// Internal to ocr/.
#pragma once

#include <stdio.h>  // flockfile

#include <chrono>
#include <cstdarg>
#include <cstdio>

namespace trawl {

// Whether to trace, passed down by value from the engine (no global switch). Writing a
// line is thread-safe (one fprintf to stderr); lines of several threads may interleave.
class Trace {
 public:
  constexpr explicit Trace(bool on = false) : on_(on) {}

  // True when tracing: test it before computing what only a trace line needs.
  constexpr explicit operator bool() const { return on_; }

  // Writes "trace " and the printf-formatted line to stderr when tracing; else nothing.
  [[gnu::format(printf, 2, 3)]] void operator()(const char* format, ...) const {
    if (!on_) return;
    va_list args;
    va_start(args, format);
    flockfile(stderr);  // one line, not interleaved with another thread's
    std::fputs("trace ", stderr);
    std::vfprintf(stderr, format, args);
    std::fputc('\n', stderr);
    funlockfile(stderr);
    va_end(args);
  }

 private:
  bool on_;
};

// Milliseconds since `t0`, for trace lines.
inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace trawl
