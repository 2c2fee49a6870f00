# ctest's "layers" test (see cmake/layers.cmake): the build refuses an include against the flow
# core <- importer, site <- server. Builds each probe target: a FORBIDDEN one must fail because its
# header is not found, an ALLOWED one must compile. Then scans the sources below server/ for
# httplib.h, a system header the include roots cannot hide.
# Arguments: -DBUILD_DIR, -DSOURCE_DIR, -DPROBES=<ALLOWED|FORBIDDEN>:<target>:<header>;...
set(failures "")
foreach(probe IN LISTS PROBES)
  string(REPLACE ":" ";" probe "${probe}")
  list(GET probe 0 expect)
  list(GET probe 1 target)
  list(GET probe 2 header)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${target}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  string(FIND "${output}" "${header}: No such file" missing)
  if(expect STREQUAL "FORBIDDEN" AND result EQUAL 0)
    string(APPEND failures "${target}: including ${header} compiled; the layer can reach it\n")
  elseif(expect STREQUAL "FORBIDDEN" AND missing EQUAL -1)
    string(APPEND failures "${target}: failed, but not because ${header} is out of reach:\n${output}\n")
  elseif(expect STREQUAL "ALLOWED" AND NOT result EQUAL 0)
    string(APPEND failures "${target}: including ${header} should compile:\n${output}\n")
  else()
    message(STATUS "${target}: ${expect}, as expected")
  endif()
endforeach()

file(GLOB_RECURSE sources ${SOURCE_DIR}/core/*.h ${SOURCE_DIR}/core/*.cpp ${SOURCE_DIR}/importer/*.h
     ${SOURCE_DIR}/importer/*.cpp ${SOURCE_DIR}/site/*.h ${SOURCE_DIR}/site/*.cpp)
foreach(source IN LISTS sources)
  file(STRINGS ${source} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]httplib\\.h[>\"]")
  if(lines)
    string(APPEND failures "${source}: includes httplib.h; only server/ speaks HTTP\n")
  endif()
endforeach()

if(failures)
  message(FATAL_ERROR "The one-way flow between layers is broken:\n${failures}")
endif()
