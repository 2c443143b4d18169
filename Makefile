# Thin wrapper around CMake for the two newcomer commands:
#   make run    install what is missing, build, run the main job on a bundled input
#   make test   install what is missing, build, run every test (then the sanitizer
#               and fuzzing build, as CI does)
#   make studies  run the bundled studies (studies/) and refresh their figures
# Plain `cmake -S . -B build && cmake --build build` works once the packages are there.

BUILD     ?= build
SAN_BUILD ?= build-san
JOBS      ?= $(shell nproc)

.PHONY: all deps build run test test-main test-san studies clean

all: build

deps:
	@./scripts/install-deps.sh

# The main build is gcc's (the sanitizer build below is clang's), whatever
# CC/CXX the caller's environment holds.
build: deps
	CC=gcc CXX=g++ cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run-demo.sh $(BUILD)

test: test-main test-san

test-main: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# ASan+UBSan build of everything plus the libFuzzer targets (clang).
test-san: deps
	CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DRXSIM_SANITIZE=ON -DRXSIM_FUZZ=ON
	cmake --build $(SAN_BUILD) -j $(JOBS)
	ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS)

# The bundled studies at full size; their figures go to docs/studies/NAME/
# (the committed PNGs come from here). The sweeps stay in $(BUILD)/studies,
# so a rerun only runs the points that changed.
studies: build
	python3 studies/studies.py --rxsim $(BUILD)/sim/rxsim/rxsim make --out $(BUILD)/studies

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
