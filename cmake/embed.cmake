# Writes OUT, a C file defining seopipe_openapi_yaml (the bytes of IN, NUL-terminated) and
# seopipe_openapi_yaml_len. Run with: cmake -DIN=openapi.yaml -DOUT=openapi_embed.c -P embed.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x[0-9a-f][0-9a-f],){16}" "\\0\n" bytes "${bytes}")
file(WRITE "${OUT}" "/* Generated from openapi.yaml by cmake/embed.cmake; do not edit. */\n"
                    "#include <stddef.h>\n"
                    "extern const char seopipe_openapi_yaml[];\n"
                    "extern const size_t seopipe_openapi_yaml_len;\n"
                    "const char seopipe_openapi_yaml[] = {\n${bytes}0x00};\n"
                    "const size_t seopipe_openapi_yaml_len = ${len};\n")
