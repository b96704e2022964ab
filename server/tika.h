// Inside server/ only: extraction as a service, answered as Apache Tika Server 3.x
// answers (PUT /tika, /rmeta/text, /meta, /detect/stream, /language/stream, GET
// /version), so tools that call a Tika server work unchanged (docs/api.md, "Tika").
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/document.h"
#include "extractors/extractor.h"
#include "pipeline/process.h"

namespace trawl::http {

// The Processors of the extraction endpoints (one per request at a time, kept for the
// next) and their shared OCR engines. Thread-safe.
class Extraction {
 public:
  explicit Extraction(const Config& config);
  ~Extraction();

  struct Extracted {
    Document doc;
    std::vector<Document> children;  // members of a container, depth first
  };
  // Extracts `bytes` as `trawl extract` would (`name`: the uploaded file's name).
  // A failure is on doc.error.
  Extracted extract(std::string bytes, const std::string& name);
  // The MIME type only.
  std::string detect(std::string_view bytes);

 private:
  template <typename Fn>
  auto with_processor(Fn&& fn);

  const Config& config_;
  ExtractorRegistry registry_;
  std::shared_ptr<OcrEngines> engines_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Processor>> idle_;
};

}  // namespace trawl::http
