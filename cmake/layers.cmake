# The one-way flow between the libraries, enforced by the build:
#
#   core  <-  importer, site  <-  server  (<- tests, fuzz)
#
# Each library's headers are reachable as "<folder>/x.h" only through an include root of its own:
# a folder in the build tree holding one symlink, named after the library's folder, to its source
# folder. A library exports only its own root (PUBLIC) and sees the roots of the libraries it links,
# so `site/` code that includes "importer/x.h" fails to compile ("No such file"), as does `core/`
# code that includes anything above it. tests/layers_test.cmake proves it with one probe per
# forbidden edge. httplib.h is a system header that any file could include, so that rule (only
# server/ talks HTTP) is checked by a scan of the sources in the same test.

# sentinella_include_root(<target>): gives <target> its own include root (see above).
function(sentinella_include_root target)
  get_filename_component(folder "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
  set(root "${CMAKE_CURRENT_BINARY_DIR}/include")
  file(MAKE_DIRECTORY "${root}")
  if(NOT IS_SYMLINK "${root}/${folder}")
    file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${folder}" SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC "${root}")
endfunction()

# sentinella_layer_probe(<library> <header> FORBIDDEN|ALLOWED): a probe that compiles one file
# including <header> the way a source of <library> would (with the include roots <library> sees).
# Built only by tests/layers_test.cmake, which expects a FORBIDDEN probe to fail because <header>
# is not found and an ALLOWED one (the control) to compile.
function(sentinella_layer_probe library header expect)
  string(MAKE_C_IDENTIFIER "${library}_includes_${header}" probe)
  set(source "${CMAKE_BINARY_DIR}/layer_probes/${probe}.cpp")
  file(CONFIGURE OUTPUT "${source}"
       CONTENT "// ${expect}: ${library} including ${header}.\n#include \"${header}\"\n")
  add_library(layer_probe_${probe} OBJECT EXCLUDE_FROM_ALL "${source}")
  target_link_libraries(layer_probe_${probe} PRIVATE ${library})
  set_property(GLOBAL APPEND PROPERTY SENTINELLA_LAYER_PROBES "${expect}:layer_probe_${probe}:${header}")
endfunction()
