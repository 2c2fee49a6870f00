# sentinella_target_defaults(<target>): warnings and sanitizers, set per target.
function(sentinella_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(SENTINELLA_SANITIZE)
    # -fno-sanitize-recover: a UBSan report aborts like an ASan one (halt_on_error), so it fails
    # the test instead of scrolling past in the log.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
