/*
 * cleantext._core: the loops of cleantext.compiled, compiled ahead of time.
 *
 * Plain C over the CPython C API and the buffer protocol: no numpy headers.  The
 * caller (cleantext/compiled.py) allocates every array with numpy and passes it in;
 * these functions read and fill them and return a count, a flag or nothing.  The numpy
 * code of cleantext.features computes the same numbers and is the reference: both
 * paths agree to the last bit (tests/test_compiled.py).  Floating-point operations are
 * done in the same order as numpy does them, and the build turns off contraction into
 * fused multiply-adds (setup.py), so that the results are the same on every machine.
 *
 * scan:    one pass over a document's characters: per block, the sixteen counts of
 *          cleantext.features.COUNTED; per word, its start, end, hash and block.
 * context: one pass over the blocks: the neighbours' view of each block
 *          (cleantext.features.context_features).
 * page:    one pass over the blocks: the page-level columns that need no sum of
 *          floats (cleantext.page_features.page_features).
 * line_flags: one pass over a text's lines: what each line's first and last characters
 *          say to the segmenter (cleantext.filters.segment).
 * segment_lines: the segmenter's loop: which lines start a block and which go on with
 *          the one above (cleantext.filters.segment).
 * phrase_cells: the lexicon's phrase matches that count, and the block of each
 *          (cleantext.lexicons).
 * whitespace: a text's line breaks and spaces made plain in one pass
 *          (cleantext.filters.normalize).
 * garbled: whether a text may hold mojibake (cleantext.filters.encoding).
 * marks:   one pass over the blocks: which hold a link, a time or a date
 *          (cleantext.features), where the pattern engine reads every space of them.
 * own_columns: one pass over the blocks: their ratio and yes-or-no feature columns
 *          (cleantext.features._block_features).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* the classes of cleantext.charclass (keep in step) */
enum {
    LETTER = 1, UPPER = 2, DIGIT = 4, PUNCT = 8, SPACE = 16, NOSPACE = 32, LOWER = 64, WORD = 128,
    QUOTE = 1 << 8, TERMINAL = 2 << 8, CJK_STOP = 4 << 8, CURRENCY = 8 << 8, SEPARATOR = 16 << 8,
    COMMA = 32 << 8,
};
#define WORDISH (LETTER | DIGIT)
/* a lower-case letter and nothing else: most characters of most pages */
#define PLAIN (LETTER | LOWER | WORD)
#define N_COUNTED 16

/* -- buffers ---------------------------------------------------------------------- */

/* A buffer of ``ndim`` dimensions with items of ``itemsize`` bytes (any strides). */
static int get_buffer(PyObject *obj, Py_buffer *view, int ndim, Py_ssize_t itemsize, int writable,
                      const char *name) {
    int flags = PyBUF_STRIDES | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->ndim != ndim || view->itemsize != itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: expected %d dimension(s) of %zd-byte items, got %d of %zd",
                     name, ndim, itemsize, view->ndim, view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

#define AT1(view, type, i) (*(type *)((char *)(view).buf + (i) * (view).strides[0]))
#define AT2(view, type, i, j) \
    (*(type *)((char *)(view).buf + (i) * (view).strides[0] + (j) * (view).strides[1]))

/* -- scan ------------------------------------------------------------------------- */

/* A one-dimensional array as its first item and its stride, held in locals by the
 * loops: a store through an array's pointer may alias a Py_buffer's strides, which
 * the compiler would then read again after every store. */
typedef struct {
    char *at;
    Py_ssize_t step;
} Items;

static inline Items items(const Py_buffer *view) {
    Items out = {view->buf, view->strides[0]};
    return out;
}

/* Whether the one-dimensional buffers ``views[0..count)`` lay their items one after the
 * other, so that the loops that read every character index them through plain
 * pointers (the callers in cleantext.compiled make them so); if not, a ValueError
 * naming ``func`` is set. */
static int contiguous(Py_buffer *const *views, int count, const char *func) {
    for (int k = 0; k < count; k++)
        if (views[k]->shape[0] > 1 && views[k]->strides[0] != views[k]->itemsize) {
            PyErr_Format(PyExc_ValueError, "%s: an array that is not contiguous", func);
            return 0;
        }
    return 1;
}

#define ITEM(a, type, i) (*(type *)((a).at + (i) * (a).step))

static inline uint32_t class_of(uint32_t cp, Items classes) {
    if (cp <= 0xFFFF) return ITEM(classes, uint16_t, cp);
    if (cp >= 0x20000 && cp <= 0x3FFFF) return LETTER | NOSPACE;
    return PUNCT;
}

/* class_of() with the table through a plain pointer (contiguous()) */
static inline uint32_t class_in(const uint16_t *classes, uint32_t cp) {
    return cp <= 0xFFFF ? (uint32_t)classes[cp] : cp >= 0x20000 && cp <= 0x3FFFF ? LETTER | NOSPACE : PUNCT;
}

/* Whether bit ``bit`` of a table of sets over the BMP is set for ``ch`` (never beyond the BMP). */
static inline int in_set(Items sets, uint32_t ch, int bit) { return ch <= 0xFFFF && (ITEM(sets, uint8_t, ch) & bit); }

/* Whether every block [starts[b], ends[b]) lies inside a text of ``size`` code points;
   if not, a ValueError naming ``func`` is set. */
static int blocks_inside(const Py_buffer *starts, const Py_buffer *ends, Py_ssize_t size, const char *func) {
    for (Py_ssize_t b = 0; b < starts->shape[0]; b++) {
        int64_t s = AT1(*starts, int64_t, b), e = AT1(*ends, int64_t, b);
        if (s < 0 || e < s || e > size) {
            PyErr_Format(PyExc_ValueError, "%s: a block outside the text", func);
            return 0;
        }
    }
    return 1;
}

PyDoc_STRVAR(count_words_doc,
             "count_words(cps, starts, ends, classes) -> int\n\n"
             "How many words scan() cuts from the blocks ``cps[starts[b]:ends[b]]``: the caller\n"
             "allocates the word arrays that long, not as long as the text.");

static PyObject *count_words(PyObject *self, PyObject *args) {
    PyObject *objs[4];
    Py_buffer cps, starts, ends, classes;
    Py_buffer *views[4] = {&cps, &starts, &ends, &classes};
    static const Py_ssize_t sizes[4] = {4, 8, 8, 2};
    static const char *names[4] = {"cps", "starts", "ends", "classes"};
    if (!PyArg_UnpackTuple(args, "count_words", 4, 4, &objs[0], &objs[1], &objs[2], &objs[3])) return NULL;
    int got = 0;
    for (; got < 4; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], 0, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 4) goto done;
    Py_ssize_t n = starts.shape[0], size = cps.shape[0];
    if (ends.shape[0] != n || classes.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "count_words: arrays of mismatched sizes");
        goto done;
    }
    if (!blocks_inside(&starts, &ends, size, "count_words")) goto done;
    Py_buffer *const flat[2] = {&cps, &classes};
    if (!contiguous(flat, 2, "count_words")) goto done;
    const uint32_t *text = cps.buf;
    const uint16_t *table = classes.buf;
    Py_ssize_t words = 0;
    for (Py_ssize_t b = 0; b < n; b++) {
        int64_t start = AT1(starts, int64_t, b), end = AT1(ends, int64_t, b);
        int prev_wordish = 0;
        for (int64_t j = start; j < end; j++) {
            uint32_t cls = class_in(table, text[j]);
            int is_nospace = (cls & NOSPACE) != 0;
            int is_wordish = (cls & WORDISH) != 0 && !is_nospace;
            words += (is_wordish && !prev_wordish) + is_nospace;
            prev_wordish = is_wordish;
        }
    }
    result = PyLong_FromSsize_t(words);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

PyDoc_STRVAR(scan_doc,
             "scan(cps, starts, ends, classes, lower, counts, word_starts, word_ends, word_hashes, word_blocks)"
             " -> int\n\n"
             "Count the tests of cleantext.features.COUNTED per block ``cps[starts[b]:ends[b]]`` into\n"
             "``counts`` (int32, 16 rows x blocks) and cut the words: start, end, hash and block of\n"
             "each (int32, int32, uint64, int32 arrays, as long as count_words() says at least).\n"
             "Returns the number of words.");

static PyObject *scan(PyObject *self, PyObject *args) {
    PyObject *objs[10];
    Py_buffer cps, starts, ends, classes, lower, counts, wstarts, wends, whashes, wblocks;
    Py_buffer *views[10] = {&cps, &starts, &ends, &classes, &lower, &counts, &wstarts, &wends, &whashes, &wblocks};
    static const int ndims[10] = {1, 1, 1, 1, 1, 2, 1, 1, 1, 1};
    static const Py_ssize_t sizes[10] = {4, 8, 8, 2, 4, 4, 4, 4, 8, 4};
    static const char *names[10] = {"cps", "starts", "ends", "classes", "lower",
                                    "counts", "word_starts", "word_ends", "word_hashes", "word_blocks"};
    if (!PyArg_UnpackTuple(args, "scan", 10, 10, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5],
                           &objs[6], &objs[7], &objs[8], &objs[9]))
        return NULL;
    int got = 0;
    for (; got < 10; got++)
        if (get_buffer(objs[got], views[got], ndims[got], sizes[got], got >= 5, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 10) goto done;
    Py_ssize_t n = starts.shape[0], size = cps.shape[0];
    Py_ssize_t room = wstarts.shape[0]; /* words the arrays hold */
    if (wends.shape[0] < room) room = wends.shape[0];
    if (whashes.shape[0] < room) room = whashes.shape[0];
    if (wblocks.shape[0] < room) room = wblocks.shape[0];
    if (ends.shape[0] != n || counts.shape[0] != N_COUNTED || counts.shape[1] != n || classes.shape[0] < 0x10000 ||
        lower.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "scan: arrays of mismatched sizes");
        goto done;
    }
    if (!blocks_inside(&starts, &ends, size, "scan")) goto done;
    if (size > INT32_MAX || n > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "scan: 2**31 characters or blocks or more (word positions are int32)");
        goto done;
    }
    /* the text, the tables and the word arrays through plain pointers */
    Py_buffer *const flat[7] = {&cps, &classes, &lower, &wstarts, &wends, &whashes, &wblocks};
    if (!contiguous(flat, 7, "scan")) goto done;
    const uint32_t *text = cps.buf, *lowered = lower.buf;
    const uint16_t *table = classes.buf;
    int32_t *w_starts = wstarts.buf, *w_ends = wends.buf, *w_blocks = wblocks.buf;
    uint64_t *w_hashes = whashes.buf;
    Py_ssize_t words = 0;
    const uint64_t base = 0x100000001B3ULL; /* cleantext.words.BASE */
#define CLASS(cp) class_in(table, cp)
/* whether the character before ``j`` is a space (or there is none), and the class of the
   one after it (0 if there is none): read only for the few characters whose tests ask */
#define SPACE_BEFORE(j) ((j) == 0 || (CLASS(text[(j) - 1]) & SPACE) != 0)
#define FOLLOWING(j) ((j) + 1 < size ? CLASS(text[(j) + 1]) : 0)
#define SPACE_AFTER(j) ((j) + 1 >= size || (CLASS(text[(j) + 1]) & SPACE) != 0)
/* the word that ends before ``at``: its end, hash and block */
#define END_WORD(at)                   \
    do {                               \
        w_ends[words] = (int32_t)(at); \
        w_hashes[words] = value;       \
        w_blocks[words] = (int32_t)b;  \
        words++;                       \
    } while (0)
    PyThreadState *_save; /* the loop runs without the GIL */
    Py_UNBLOCK_THREADS
    for (Py_ssize_t b = 0; b < n; b++) {
        int64_t start = AT1(starts, int64_t, b), end = AT1(ends, int64_t, b);
        int32_t c[N_COUNTED] = {0};
        int32_t plain = 0; /* lower-case letters inside words: letters and characters of words */
        int in_word = 0;
        uint64_t value = 0, power = 1;
        for (int64_t j = start; j < end; j++) {
            uint32_t cp = text[j];
            uint32_t cls = CLASS(cp);
            if (cls == PLAIN && in_word) {
                /* a lower-case letter inside a word (most characters): a letter and a
                   character of a word, no other test of the sixteen counts it (a
                   lower-case letter is no Hangul syllable, those are other letters), and
                   the word goes on; a PLAIN character is in the BMP */
                plain++;
                value += lowered[cp] * power;
                power *= base;
                continue;
            }
            if (cls == SPACE) {
                /* a plain space: no test counts it, and it ends a word */
                if (in_word) {
                    END_WORD(j);
                    in_word = 0;
                }
                continue;
            }
            if ((cls & WORDISH) && !(cls & ~(LETTER | UPPER | LOWER | DIGIT | WORD)) && cp - 0xAC00 > 0xD7A3 - 0xAC00) {
                /* any other letter or digit of a word with no mark (the first of a word,
                   an upper-case one, ...; no Hangul syllable): the tests of its class
                   and the word's, as below (it is in the BMP) */
                c[0] += cls & LETTER;
                c[2] += (cls & UPPER) != 0;
                c[3] += (cls & DIGIT) != 0;
                c[8]++;
                if (!in_word) {
                    if (words >= room) goto full;
                    c[9]++;
                    c[13] += (cls & UPPER) != 0;
                    c[14] += cls & LETTER;
                    in_word = 1;
                    w_starts[words] = (int32_t)j;
                    value = 0;
                    power = 1;
                }
                value += lowered[cp] * power;
                power *= base;
                continue;
            }
            c[0] += (cls & LETTER) != 0;
            c[1] += (cls & NOSPACE) != 0;
            c[2] += (cls & UPPER) != 0;
            c[3] += (cls & DIGIT) != 0;
            c[4] += (cls & PUNCT) != 0;
            c[5] += (cls & COMMA) != 0;
            c[6] += (cls & QUOTE) != 0;
            c[7] += (cls & CURRENCY) != 0;
            int is_nospace = (cls & NOSPACE) != 0;
            int is_wordish = (cls & WORDISH) != 0 && !is_nospace;
            if (is_wordish) {
                c[8]++;
                if (!in_word) {
                    c[9]++;
                    c[13] += (cls & UPPER) != 0;
                    c[14] += (cls & LETTER) != 0;
                }
            }
            c[10] += is_nospace || (cp >= 0xAC00 && cp <= 0xD7A3);
            /* the tests that read the neighbours, for the few characters they are about */
            if ((cls & (TERMINAL | CJK_STOP | SEPARATOR)) || cp == '#' || cp == '@') {
                c[11] += (cls & CJK_STOP) || ((cls & TERMINAL) && SPACE_AFTER(j));
                c[12] += (cls & SEPARATOR) && SPACE_AFTER(j) && SPACE_BEFORE(j);
                /* "#tag" and "@name": the sign after a space, a word character next */
                c[15] += (cp == '#' || cp == '@') && SPACE_BEFORE(j) && (FOLLOWING(j) & (WORDISH | NOSPACE));
            }
            /* words: runs of letters and digits, and each character of a script without spaces */
            if (is_wordish) {
                if (!in_word) {
                    if (words >= room) goto full;
                    in_word = 1;
                    w_starts[words] = (int32_t)j;
                    value = 0;
                    power = 1;
                }
                value += (cp <= 0xFFFF ? lowered[cp] : cp) * power;
                power *= base;
            } else {
                if (in_word) {
                    END_WORD(j);
                    in_word = 0;
                }
                if (is_nospace) {
                    if (words >= room) goto full;
                    w_starts[words] = (int32_t)j;
                    w_ends[words] = (int32_t)(j + 1);
                    w_hashes[words] = cp <= 0xFFFF ? lowered[cp] : cp;
                    w_blocks[words] = (int32_t)b;
                    words++;
                }
            }
        }
        if (in_word) END_WORD(end);
        c[0] += plain;
        c[8] += plain;
        for (int k = 0; k < N_COUNTED; k++) AT2(counts, int32_t, k, b) = c[k];
    }
#undef CLASS
#undef SPACE_BEFORE
#undef FOLLOWING
#undef SPACE_AFTER
#undef END_WORD
    Py_BLOCK_THREADS
    result = PyLong_FromSsize_t(words);
    goto done;
full:
    Py_BLOCK_THREADS
    PyErr_SetString(PyExc_ValueError, "scan: more words than the word arrays hold");
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- words and block ends ---------------------------------------------------------- */

PyDoc_STRVAR(stop_words_doc,
             "stop_words(cps, classes, block_starts, word_starts, word_ends, word_hashes, word_blocks,\n"
             "           multipliers, drops, offsets, tables, topic_head, content_letters, n_stop, content)"
             " -> int\n\n"
             "The stopwords of each block and the content words, from scan()'s words:\n"
             "``n_stop`` (float64, one per block) counts the words whose hash is in the set of\n"
             "cleantext.words.HashSet (its levels: ``multipliers`` and ``drops``, uint64, and\n"
             "``tables`` concatenated, uint64, level k at ``offsets[k]``); ``content`` (int64)\n"
             "gets the indices, in order, of the content words of\n"
             "cleantext.features._content_words: starting less than ``topic_head`` characters\n"
             "into their block, at least ``content_letters`` long, no stopword, starting with a\n"
             "letter.  Returns how many content words were written.");

static PyObject *stop_words(PyObject *self, PyObject *args) {
    PyObject *objs[13];
    long topic_head, content_letters;
    Py_buffer cps, classes, bstarts, wstarts, wends, whashes, wblocks, mults, drops, offsets, tables, nstop, content;
    Py_buffer *views[13] = {&cps,   &classes, &bstarts, &wstarts, &wends,  &whashes, &wblocks,
                            &mults, &drops,   &offsets, &tables,  &nstop,  &content};
    static const Py_ssize_t sizes[13] = {4, 2, 8, 4, 4, 8, 4, 8, 8, 8, 8, 8, 8};
    static const char *names[13] = {"cps",         "classes", "block_starts", "word_starts", "word_ends",
                                    "word_hashes", "word_blocks", "multipliers", "drops",   "offsets",
                                    "tables",      "n_stop",  "content"};
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOllOO:stop_words", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &objs[5], &objs[6], &objs[7], &objs[8], &objs[9], &objs[10], &topic_head,
                          &content_letters, &objs[11], &objs[12]))
        return NULL;
    int got = 0;
    for (; got < 13; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], got >= 11, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 13) goto done;
    Py_ssize_t n = bstarts.shape[0], w = wstarts.shape[0], levels = mults.shape[0], size = cps.shape[0];
    if (wends.shape[0] != w || whashes.shape[0] != w || wblocks.shape[0] != w || content.shape[0] < w ||
        nstop.shape[0] != n || drops.shape[0] != levels || offsets.shape[0] != levels + 1 ||
        classes.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "stop_words: arrays of mismatched sizes");
        goto done;
    }
    /* the levels in locals, read for every word: a multiplier, a shift and where the
       level's table starts (HashSet has sixteen levels at most) */
    enum { MAX_LEVELS = 16 };
    uint64_t level_mult[MAX_LEVELS];
    int level_drop[MAX_LEVELS];
    const char *level_table[MAX_LEVELS];
    if (levels > MAX_LEVELS) {
        PyErr_SetString(PyExc_ValueError, "stop_words: more than 16 levels");
        goto done;
    }
    for (Py_ssize_t k = 0; k < levels; k++) {
        int64_t lo = AT1(offsets, int64_t, k), hi = AT1(offsets, int64_t, k + 1);
        uint64_t drop = AT1(drops, uint64_t, k);
        /* a level's table has 2**(64 - drop) slots */
        if (lo < 0 || hi > tables.shape[0] || drop < 1 || drop > 63 || hi - lo != ((int64_t)1 << (64 - drop))) {
            PyErr_SetString(PyExc_ValueError, "stop_words: a table of the wrong size");
            goto done;
        }
        level_mult[k] = AT1(mults, uint64_t, k);
        level_drop[k] = (int)drop;
        level_table[k] = (const char *)tables.buf + lo * tables.strides[0];
    }
    const Py_ssize_t slot_step = tables.strides[0];
    Items table = items(&classes), text = items(&cps), out_stop = items(&nstop), out_content = items(&content);
    Items w_hashes = items(&whashes), w_blocks = items(&wblocks), w_starts = items(&wstarts), w_ends = items(&wends);
    Items b_starts = items(&bstarts);
    for (Py_ssize_t b = 0; b < n; b++) ITEM(out_stop, double, b) = 0.0;
    Py_ssize_t found = 0;
    for (Py_ssize_t i = 0; i < w; i++) {
        uint64_t h = ITEM(w_hashes, uint64_t, i);
        int32_t block = ITEM(w_blocks, int32_t, i), start = ITEM(w_starts, int32_t, i), end = ITEM(w_ends, int32_t, i);
        if (block < 0 || block >= n || start < 0 || end > size || start >= end) {
            PyErr_SetString(PyExc_ValueError, "stop_words: a word outside the text or its blocks");
            goto done;
        }
        int stop = 0;
        for (Py_ssize_t k = 0; k < levels; k++) {
            uint64_t slot = (h * level_mult[k]) >> level_drop[k];
            if (*(const uint64_t *)(level_table[k] + (Py_ssize_t)slot * slot_step) == h) {
                stop = 1;
                break;
            }
        }
        if (stop) {
            ITEM(out_stop, double, block) += 1.0;
            continue;
        }
        if (start - ITEM(b_starts, int64_t, block) < topic_head && end - start >= content_letters &&
            (class_of(ITEM(text, uint32_t, start), table) & LETTER))
            ITEM(out_content, int64_t, found++) = i;
    }
    result = PyLong_FromSsize_t(found);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* the bits block_ends() gives each block (keep in step with cleantext.features) */
enum {
    E_TERMINAL = 1, E_COLON = 2, E_UNFINISHED = 4, E_UPPER = 8, E_LOWER = 16, E_BULLET = 32, E_DIGIT = 64,
};
/* the sets of cleantext.features._SETS */
enum { SET_BULLET = 1, SET_CLOSER = 2, SET_OPEN = 4 };

PyDoc_STRVAR(block_ends_doc,
             "block_ends(cps, starts, ends, classes, sets, bits) -> None\n\n"
             "What the first and last characters of each block ``cps[starts[b]:ends[b]]`` (not\n"
             "empty) say, as bits (uint8, one per block): 1 the last character that is not a\n"
             "closing quote or bracket ends a sentence, 2 the block ends in \":\", 4 it ends\n"
             "in a lower-case letter or an opening sign, 8 and 16 it starts with an upper- or\n"
             "lower-case letter, 32 with a list sign, 64 with a digit.  ``sets`` is\n"
             "cleantext.features._SETS (uint8 over the BMP).");

static PyObject *block_ends(PyObject *self, PyObject *args) {
    PyObject *objs[6];
    Py_buffer cps, starts, ends, classes, sets, bits;
    Py_buffer *views[6] = {&cps, &starts, &ends, &classes, &sets, &bits};
    static const Py_ssize_t sizes[6] = {4, 8, 8, 2, 1, 1};
    static const char *names[6] = {"cps", "starts", "ends", "classes", "sets", "bits"};
    if (!PyArg_UnpackTuple(args, "block_ends", 6, 6, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5]))
        return NULL;
    int got = 0;
    for (; got < 6; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], got == 5, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 6) goto done;
    Py_ssize_t n = starts.shape[0], size = cps.shape[0];
    if (ends.shape[0] != n || bits.shape[0] != n || classes.shape[0] < 0x10000 || sets.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "block_ends: arrays of mismatched sizes");
        goto done;
    }
    if (!blocks_inside(&starts, &ends, size, "block_ends")) goto done;
    Items text = items(&cps), table = items(&classes), set_of = items(&sets), out = items(&bits);
    for (Py_ssize_t b = 0; b < n; b++) {
        int64_t start = AT1(starts, int64_t, b), end = AT1(ends, int64_t, b);
        if (end <= start) {
            PyErr_SetString(PyExc_ValueError, "block_ends: an empty block");
            goto done;
        }
        uint32_t first = ITEM(text, uint32_t, start), last = ITEM(text, uint32_t, end - 1);
        uint32_t first_cls = class_of(first, table), last_cls = class_of(last, table);
        int64_t visible = end - 1;
        while (visible > start && in_set(set_of, ITEM(text, uint32_t, visible), SET_CLOSER)) visible--;
        uint8_t v = 0;
        if (class_of(ITEM(text, uint32_t, visible), table) & (TERMINAL | CJK_STOP)) v |= E_TERMINAL;
        if (last == ':') v |= E_COLON;
        if ((last_cls & LOWER) || in_set(set_of, last, SET_OPEN)) v |= E_UNFINISHED;
        if (first_cls & UPPER) v |= E_UPPER;
        if (first_cls & LOWER) v |= E_LOWER;
        if (in_set(set_of, first, SET_BULLET)) v |= E_BULLET;
        if (first_cls & DIGIT) v |= E_DIGIT;
        ITEM(out, uint8_t, b) = v;
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- own columns ------------------------------------------------------------------- */

/* the sources own_columns() reads per block (keep in step with cleantext.features) */
enum { SRC_LENGTH = N_COUNTED, SRC_WORDS, SRC_STOP, SRC_ENDS, SRC_MARKS, N_SOURCES };
/* what a row of its plan does */
enum { OP_RATIO = 0, OP_FLAG = 1 };
#define MAX_PLAN 64

PyDoc_STRVAR(own_columns_doc,
             "own_columns(counts, lengths, n_words, n_stop, ends, marks, plan, x) -> None\n\n"
             "Write the ratio and yes-or-no columns of cleantext.features._block_features into\n"
             "``x`` (float64, one row per block).  Each block's sources are its 16 counts\n"
             "(``counts``, int32, 16 rows x blocks), then its characters (``lengths``, int64),\n"
             "words (``n_words``, int32), stopwords (``n_stop``, float64), end bits and marks\n"
             "(``ends``, ``marks``, uint8).  Each row (column, op, a, b) of ``plan`` (int64)\n"
             "writes one column: op 0 source a over source b (at least 1), op 1 whether\n"
             "source a has a bit of b (1.0 or 0.0).  The divisions are numpy's: both numbers\n"
             "as float64.");

static PyObject *own_columns(PyObject *self, PyObject *args) {
    PyObject *objs[8];
    Py_buffer counts, lengths, words, stop, ends, marks, plan, x;
    Py_buffer *views[8] = {&counts, &lengths, &words, &stop, &ends, &marks, &plan, &x};
    static const int ndims[8] = {2, 1, 1, 1, 1, 1, 2, 2};
    static const Py_ssize_t sizes[8] = {4, 8, 4, 8, 1, 1, 8, 8};
    static const char *names[8] = {"counts", "lengths", "n_words", "n_stop", "ends", "marks", "plan", "x"};
    if (!PyArg_UnpackTuple(args, "own_columns", 8, 8, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5],
                           &objs[6], &objs[7]))
        return NULL;
    int got = 0;
    for (; got < 8; got++)
        if (get_buffer(objs[got], views[got], ndims[got], sizes[got], got == 7, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 8) goto done;
    Py_ssize_t n = x.shape[0], steps = plan.shape[0];
    if (counts.shape[0] != N_COUNTED || counts.shape[1] != n || lengths.shape[0] != n || words.shape[0] != n ||
        stop.shape[0] != n || ends.shape[0] != n || marks.shape[0] != n || plan.shape[1] != 4 ||
        steps > MAX_PLAN) {
        PyErr_SetString(PyExc_ValueError, "own_columns: arrays of mismatched sizes");
        goto done;
    }
    /* the plan in locals, checked once */
    int column[MAX_PLAN], op[MAX_PLAN], a[MAX_PLAN];
    int64_t b_of[MAX_PLAN];
    for (Py_ssize_t k = 0; k < steps; k++) {
        int64_t c = AT2(plan, int64_t, k, 0), o = AT2(plan, int64_t, k, 1), s = AT2(plan, int64_t, k, 2);
        int64_t t = AT2(plan, int64_t, k, 3);
        if (c < 0 || c >= x.shape[1] || (o != OP_RATIO && o != OP_FLAG) || s < 0 || s >= N_SOURCES ||
            (o == OP_RATIO && (t < 0 || t >= N_SOURCES))) {
            PyErr_SetString(PyExc_ValueError, "own_columns: a plan outside its sources or columns");
            goto done;
        }
        column[k] = (int)c;
        op[k] = (int)o;
        a[k] = (int)s;
        b_of[k] = t;
    }
    double source[N_SOURCES];
    for (Py_ssize_t i = 0; i < n; i++) {
        for (int r = 0; r < N_COUNTED; r++) source[r] = AT2(counts, int32_t, r, i);
        source[SRC_LENGTH] = (double)AT1(lengths, int64_t, i);
        source[SRC_WORDS] = AT1(words, int32_t, i);
        source[SRC_STOP] = AT1(stop, double, i);
        source[SRC_ENDS] = AT1(ends, uint8_t, i);
        source[SRC_MARKS] = AT1(marks, uint8_t, i);
        for (Py_ssize_t k = 0; k < steps; k++) {
            double v;
            if (op[k] == OP_RATIO) {
                /* numpy's maximum(denominator, 1) of whole numbers, then the division */
                double d = source[b_of[k]];
                v = source[a[k]] / (d < 1.0 ? 1.0 : d);
            } else {
                v = ((int64_t)source[a[k]] & b_of[k]) != 0 ? 1.0 : 0.0;
            }
            AT2(x, double, i, column[k]) = v;
        }
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- links, dates and times ------------------------------------------------------- */

/* the kinds of marks() (keep in step with cleantext.features._mark_kinds) */
enum { K_WORD = 1, K_LETTER = 2, K_DIGIT = 4, K_SPACE = 8, K_TRIGGER = 16 };
/* the bits marks() gives each block */
enum { M_URL = 1, M_TIME = 2, M_DATE = 4 };

/* The text as marks() reads it: code points, their number, the table of kinds (both
   contiguous, read through plain pointers). */
typedef struct {
    const uint32_t *text;
    const uint8_t *kinds;
    Py_ssize_t size;
} Marked;

/* The code point at ``p``, 0 outside the text (no character the patterns name). */
static inline uint32_t char_at(const Marked *m, Py_ssize_t p) {
    return p >= 0 && p < m->size ? m->text[p] : 0;
}

/* The kinds of the character at ``p``, none outside the text (code points of the BMP:
   marks() reads no page with others). */
static inline int kind_at(const Marked *m, Py_ssize_t p) {
    return p >= 0 && p < m->size ? m->kinds[m->text[p]] : 0;
}

/* Whether the ``count`` characters from ``p`` are all digits (\d). */
static int digits_at(const Marked *m, Py_ssize_t p, int count) {
    for (int k = 0; k < count; k++)
        if (!(kind_at(m, p + k) & K_DIGIT)) return 0;
    return 1;
}

/* \d{n}(?!word) at ``p`` */
static inline int digits_then_no_word(const Marked *m, Py_ssize_t p, int n) {
    return digits_at(m, p, n) && !(kind_at(m, p + n) & K_WORD);
}

/* The time pattern at the ":" at ``p``:
   :(?:(?<=\d:)(?<!word\d:)|(?<=\d\d:)(?<!word\d\d:))\d\d(?!word) */
static int time_at(const Marked *m, Py_ssize_t p) {
    if (!(kind_at(m, p - 1) & K_DIGIT)) return 0;
    int one = !(kind_at(m, p - 2) & K_WORD);
    int two = (kind_at(m, p - 2) & K_DIGIT) && !(kind_at(m, p - 3) & K_WORD);
    return (one || two) && digits_then_no_word(m, p + 1, 2);
}

static inline int date_separator(uint32_t ch) { return ch == '.' || ch == '/' || ch == '-'; }

/* A numeric date at the separator at ``p``: {sep}(?<=\d{sep})\d{1,2}[./-]\d{2,4}(?!word)
   (each count tried as the pattern engine backtracks: any that fits matches). */
static int numeric_date_at(const Marked *m, Py_ssize_t p) {
    if (!(kind_at(m, p - 1) & K_DIGIT)) return 0;
    for (int day = 2; day >= 1; day--) {
        if (!digits_at(m, p + 1, day) || !date_separator(char_at(m, p + 1 + day))) continue;
        for (int year = 4; year >= 2; year--)
            if (digits_then_no_word(m, p + 2 + day, year)) return 1;
    }
    return 0;
}

/* Whether the three characters ending at ``p`` (inclusive) are letters. */
static inline int three_letters_to(const Marked *m, Py_ssize_t p) {
    return (kind_at(m, p) & K_LETTER) && (kind_at(m, p - 1) & K_LETTER) && (kind_at(m, p - 2) & K_LETTER);
}

/* A date with a month's or a day's name at the space at ``p`` (features._dates):
   [ ](?:(?=\d\d?,?[ ]\d{4}(?!word))(?:(?<=letter{3}[ ])|(?<=letter{3}\.[ ]))
        |(?:(?<=\d[ ])|(?<=\d\.[ ]))letter{3,9}\.?[ ]\d{4}(?!word)) */
static int named_date_at(const Marked *m, Py_ssize_t p) {
    /* a day after a word of three letters or more: "March 3, 2019" */
    if (three_letters_to(m, p - 1) || (char_at(m, p - 1) == '.' && three_letters_to(m, p - 2))) {
        for (int day = 2; day >= 1; day--) {
            if (!digits_at(m, p + 1, day)) continue;
            Py_ssize_t q = p + 1 + day;
            for (int comma = 1; comma >= 0; comma--) {
                if (comma && char_at(m, q) != ',') continue;
                if (char_at(m, q + comma) == ' ' && digits_then_no_word(m, q + comma + 1, 4)) return 1;
            }
        }
    }
    /* a month's name after a day: "3. März 2019"; letters fewer than the run's are
       followed by a letter, never by "." or a space */
    if ((kind_at(m, p - 1) & K_DIGIT) || (char_at(m, p - 1) == '.' && (kind_at(m, p - 2) & K_DIGIT))) {
        int run = 0;
        while (run < 10 && (kind_at(m, p + 1 + run) & K_LETTER)) run++;
        if (run < 3 || run > 9) return 0;
        Py_ssize_t q = p + 1 + run;
        if (char_at(m, q) == '.') q++;
        return char_at(m, q) == ' ' && digits_then_no_word(m, q + 1, 4);
    }
    return 0;
}

/* Whether the text at ``p`` starts with the ASCII string ``s``. */
static int starts_with(const Marked *m, Py_ssize_t p, const char *s) {
    for (; *s; s++, p++)
        if (char_at(m, p) != (uint32_t)(unsigned char)*s) return 0;
    return 1;
}

PyDoc_STRVAR(marks_doc,
             "marks(cps, starts, ends, digits, kinds, out) -> bool\n\n"
             "Which blocks ``cps[starts[b]:ends[b]]`` (joined by newlines) hold a link, a time or\n"
             "a date, as the patterns of cleantext.features find them (_url_positions, _times,\n"
             "_dates, the dates and times only in blocks of as many digits as a match holds,\n"
             "``digits``: int32, one per block): bits 1, 2 and 4 of ``out`` (uint8, one per\n"
             "block).  ``kinds`` is cleantext.features._mark_kinds() (uint8 over the BMP).\n"
             "Returns False, and leaves ``out`` unfinished, for a text with a character beyond\n"
             "the BMP, whose classes the table does not hold: the caller reads it with the\n"
             "patterns.");

static PyObject *marks(PyObject *self, PyObject *args) {
    PyObject *objs[6];
    Py_buffer cps, starts, ends, digits, kinds, bits;
    Py_buffer *views[6] = {&cps, &starts, &ends, &digits, &kinds, &bits};
    static const Py_ssize_t sizes[6] = {4, 8, 8, 4, 1, 1};
    static const char *names[6] = {"cps", "starts", "ends", "digits", "kinds", "out"};
    if (!PyArg_UnpackTuple(args, "marks", 6, 6, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5]))
        return NULL;
    int got = 0;
    for (; got < 6; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], got == 5, names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 6) goto done;
    Py_ssize_t n = starts.shape[0];
    if (ends.shape[0] != n || digits.shape[0] != n || bits.shape[0] != n || kinds.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "marks: arrays of mismatched sizes");
        goto done;
    }
    if (!blocks_inside(&starts, &ends, cps.shape[0], "marks")) goto done;
    Py_buffer *const flat[2] = {&cps, &kinds};
    if (!contiguous(flat, 2, "marks")) goto done;
    const Marked m = {cps.buf, kinds.buf, cps.shape[0]};
    const uint32_t *text = m.text;
    const uint8_t *kind = m.kinds;
    Items out = items(&bits);
    int bmp_only = 1;
    for (Py_ssize_t b = 0; b < n && bmp_only; b++) {
        int64_t start = AT1(starts, int64_t, b), end = AT1(ends, int64_t, b);
        int32_t n_digits = AT1(digits, int32_t, b);
        uint8_t v = 0;
        /* an "@" before this is in the run of an "@" already read, and finds what it found */
        int64_t runs_read = start;
        for (int64_t p = start; p < end; p++) {
            uint32_t cp = text[p];
            if (cp > 0xFFFF) {
                bmp_only = 0;
                break;
            }
            if (!(kind[cp] & K_TRIGGER)) continue;
            switch (cp) {
            case ':':
                if (n_digits >= 3 && !(v & M_TIME) && time_at(&m, p)) v |= M_TIME;
                break;
            case '.':
            case '/':
            case '-':
                if (n_digits >= 4 && !(v & M_DATE) && numeric_date_at(&m, p)) v |= M_DATE;
                break;
            case ' ':
                if (n_digits >= 5 && !(v & M_DATE) && named_date_at(&m, p)) v |= M_DATE;
                break;
            case 'h':
                if (starts_with(&m, p, "http://") || starts_with(&m, p, "https://")) v |= M_URL;
                break;
            case 'w':
                if (starts_with(&m, p, "www.")) v |= M_URL;
                break;
            case '@':
                /* something before it, then in its run of non-space characters a "." and a
                   word character, one character or more after it */
                if (v & M_URL || p < runs_read || p == 0 || (kind_at(&m, p - 1) & K_SPACE)) break;
                runs_read = p + 1;
                while (runs_read < m.size && !(kind_at(&m, runs_read) & K_SPACE)) runs_read++;
                for (int64_t q = p + 2; q + 2 <= runs_read; q++)
                    if (char_at(&m, q) == '.' && (kind_at(&m, q + 1) & K_WORD)) {
                        v |= M_URL;
                        break;
                    }
                break;
            }
        }
        ITEM(out, uint8_t, b) = v;
    }
    result = Py_NewRef(bmp_only ? Py_True : Py_False);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- topic overlap ----------------------------------------------------------------- */

PyDoc_STRVAR(topic_doc,
             "topic(blocks, words, core, shift, out) -> bool\n\n"
             "cleantext.features._topic_overlap in two passes with a hash table: for each block\n"
             "``b`` (``out``, float64), the share of its distinct content words that occur in\n"
             "another core block.  ``blocks`` (int64, in ascending order) and ``words`` (uint64\n"
             "hashes) list the content words; two words are one if the top 64 - ``shift`` bits\n"
             "of their hash times cleantext.words.MIX agree; ``core`` (bool) marks the core\n"
             "blocks.  Returns False (and writes nothing) if the blocks are not in order.");

static PyObject *topic(PyObject *self, PyObject *args) {
    PyObject *objs[4];
    int shift;
    Py_buffer blocks, words, core, out;
    Py_buffer *views[4] = {&blocks, &words, &core, &out};
    static const Py_ssize_t sizes[4] = {8, 8, 1, 8};
    static const char *names[4] = {"blocks", "words", "core", "out"};
    if (!PyArg_ParseTuple(args, "OOOiO:topic", &objs[0], &objs[1], &objs[2], &shift, &objs[3])) return NULL;
    int got = 0;
    for (; got < 4; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], got == 3, names[got]) < 0) break;
    PyObject *result = NULL;
    uint64_t *keys = NULL;
    int64_t *last = NULL, *found = NULL, *slot_of = NULL;
    double *shared = NULL, *distinct = NULL;
    if (got < 4) goto done;
    Py_ssize_t m = blocks.shape[0], n = core.shape[0];
    if (words.shape[0] != m || out.shape[0] != n || shift < 1 || shift > 63) {
        PyErr_SetString(PyExc_ValueError, "topic: arrays of mismatched sizes");
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        int64_t b = AT1(blocks, int64_t, i);
        if (b < 0 || b >= n) {
            PyErr_SetString(PyExc_ValueError, "topic: a word in a block that is not there");
            goto done;
        }
        if (i && b < AT1(blocks, int64_t, i - 1)) {
            result = Py_NewRef(Py_False);
            goto done;
        }
    }
    /* an open-addressing table of the distinct words (at most half full): each slot
       holds a word, the last block it was seen in, and how many core blocks hold it */
    Py_ssize_t capacity = 16;
    while (capacity < 2 * m) capacity *= 2;
    keys = PyMem_Malloc((size_t)capacity * sizeof(uint64_t));
    last = PyMem_Malloc((size_t)capacity * sizeof(int64_t));
    found = PyMem_Malloc((size_t)capacity * sizeof(int64_t));
    slot_of = PyMem_Malloc((size_t)(m ? m : 1) * sizeof(int64_t));
    shared = PyMem_Calloc((size_t)(n ? n : 1), sizeof(double));
    distinct = PyMem_Calloc((size_t)(n ? n : 1), sizeof(double));
    if (!keys || !last || !found || !slot_of || !shared || !distinct) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < capacity; k++) last[k] = -1; /* -1: an empty slot */
    const uint64_t mix = 0x9E3779B97F4A7C15ULL; /* cleantext.words.MIX */
    Items in_core = items(&core);
    Py_BEGIN_ALLOW_THREADS
    /* first pass: each distinct (word, block) pair once (the blocks come in order, so
       a pair seen before was seen last); a pair of a core block counts for its word */
    for (Py_ssize_t i = 0; i < m; i++) {
        uint64_t word = (AT1(words, uint64_t, i) * mix) >> shift;
        int64_t b = AT1(blocks, int64_t, i);
        Py_ssize_t k = (Py_ssize_t)((word * mix) >> 32) & (capacity - 1);
        while (last[k] >= 0 && keys[k] != word) k = (k + 1) & (capacity - 1);
        if (last[k] < 0) {
            keys[k] = word;
            found[k] = 0;
        } else if (last[k] == b) {
            slot_of[i] = -1; /* the same word again in this block */
            continue;
        }
        last[k] = b;
        found[k] += ITEM(in_core, uint8_t, b) != 0;
        slot_of[i] = k;
    }
    /* second pass: a block's distinct word is shared if another core block holds it */
    for (Py_ssize_t i = 0; i < m; i++) {
        if (slot_of[i] < 0) continue;
        int64_t b = AT1(blocks, int64_t, i);
        distinct[b] += 1.0;
        shared[b] += found[slot_of[i]] - (ITEM(in_core, uint8_t, b) != 0) > 0;
    }
    Py_END_ALLOW_THREADS
    for (Py_ssize_t b = 0; b < n; b++) AT1(out, double, b) = distinct[b] > 0 ? shared[b] / distinct[b] : 0.0;
    result = Py_NewRef(Py_True);
done:
    PyMem_Free(keys);
    PyMem_Free(last);
    PyMem_Free(found);
    PyMem_Free(slot_of);
    PyMem_Free(shared);
    PyMem_Free(distinct);
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- context ---------------------------------------------------------------------- */

/* Sort ``order`` (the indices 0..n-1) by descending ``key``, ties in ascending index:
 * the order of numpy's stable argsort of -key.  A bottom-up merge sort through
 * ``spare`` (room for n indices). */
static void sort_descending(int64_t *order, int64_t *spare, const double *key, Py_ssize_t n) {
    int64_t *from = order, *to = spare;
    for (Py_ssize_t width = 1; width < n; width *= 2) {
        for (Py_ssize_t lo = 0; lo < n; lo += 2 * width) {
            Py_ssize_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            Py_ssize_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) to[k++] = -key[from[b]] < -key[from[a]] ? from[b++] : from[a++];
            while (a < mid) to[k++] = from[a++];
            while (b < hi) to[k++] = from[b++];
        }
        int64_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != order) memcpy(order, from, (size_t)n * sizeof(int64_t));
}

PyDoc_STRVAR(context_doc,
             "context(own, p1, chars, neighbour_columns, pointer_columns, terminal_column, words_column,\n"
             "        headline_low, headline_high, strong_words, offsets, windows, out, nearest, run) -> bool\n\n"
             "Write the columns of cleantext.features.context_features into ``out`` (float64, blocks x\n"
             "columns, any strides), except two that the caller takes the logarithm of: written raw into\n"
             "``nearest`` (each block's distance to the nearest good block) and ``run`` (the length of\n"
             "its run of headline-like blocks, 0 for others).  Returns whether any block is good.");

static PyObject *context(PyObject *self, PyObject *args) {
    PyObject *o_own, *o_p1, *o_chars, *o_ncols, *o_pcols, *o_offsets, *o_windows, *o_out, *o_nearest, *o_run;
    Py_ssize_t terminal_column, words_column;
    double headline_low, headline_high, strong_words;
    if (!PyArg_ParseTuple(args, "OOOOOnndddOOOOO:context", &o_own, &o_p1, &o_chars, &o_ncols, &o_pcols,
                          &terminal_column, &words_column, &headline_low, &headline_high, &strong_words, &o_offsets,
                          &o_windows, &o_out, &o_nearest, &o_run))
        return NULL;
    Py_buffer own, p1, chars, ncols, pcols, offsets, windows, out, nearest, run;
    Py_buffer *views[10] = {&own, &p1, &chars, &ncols, &pcols, &offsets, &windows, &out, &nearest, &run};
    PyObject *objs[10] = {o_own, o_p1, o_chars, o_ncols, o_pcols, o_offsets, o_windows, o_out, o_nearest, o_run};
    static const int ndims[10] = {2, 1, 1, 1, 1, 1, 1, 2, 1, 1};
    static const char *names[10] = {"own",     "p1",      "chars", "neighbour_columns", "pointer_columns",
                                    "offsets", "windows", "out",   "nearest",           "run"};
    int got = 0;
    for (; got < 10; got++)
        if (get_buffer(objs[got], views[got], ndims[got], 8, got >= 7, names[got]) < 0) break;
    PyObject *result = NULL;
    double *cumulative = NULL, *mass = NULL, *cums = NULL;
    int64_t *order = NULL, *pointers = NULL;
    Py_ssize_t *from_column = NULL;
    char *headline = NULL;
    if (got < 10) goto done;
    Py_ssize_t n = p1.shape[0], width = ncols.shape[0] + 1, n_offsets = offsets.shape[0];
    Py_ssize_t n_windows = windows.shape[0], columns = own.shape[1];
    Py_ssize_t col = n_offsets * width + 2 * n_windows;
    if (own.shape[0] != n || chars.shape[0] != n || out.shape[0] != n || nearest.shape[0] != n ||
        run.shape[0] != n || out.shape[1] < col + 9 || terminal_column < 0 || terminal_column >= columns ||
        words_column < 0 || words_column >= columns) {
        PyErr_SetString(PyExc_ValueError, "context: arrays of mismatched sizes");
        goto done;
    }
    for (Py_ssize_t c = 0; c < ncols.shape[0] + pcols.shape[0]; c++) {
        int64_t v = c < ncols.shape[0] ? AT1(ncols, int64_t, c) : AT1(pcols, int64_t, c - ncols.shape[0]);
        if (v < 0 || v >= columns) {
            PyErr_SetString(PyExc_ValueError, "context: a column outside the features");
            goto done;
        }
    }
    for (Py_ssize_t k = 0; k < n_windows; k++)
        if (AT1(windows, int64_t, k) < 0) {
            PyErr_SetString(PyExc_ValueError, "context: a negative window");
            goto done;
        }
    cumulative = malloc((n + 1) * sizeof(double));
    mass = malloc((n + 1) * sizeof(double));
    cums = malloc((n + 1) * sizeof(double));
    order = malloc((n + 1) * sizeof(int64_t));
    pointers = malloc((n + 1) * sizeof(int64_t));
    headline = malloc(n + 1);
    from_column = malloc((size_t)width * sizeof(Py_ssize_t));
    if (!cumulative || !mass || !cums || !order || !pointers || !headline || !from_column) {
        PyErr_NoMemory();
        goto done;
    }
    int any_good = 0;
    /* the neighbours' columns and first-pass score at each offset, zeros beyond the page
       (through row pointers and each neighbour column's place in a row of ``own``, worked
       out once: the copies are most of the work) */
    for (Py_ssize_t c = 0; c < width - 1; c++) from_column[c] = AT1(ncols, int64_t, c) * own.strides[1];
    Py_ssize_t out_step = out.strides[1];
    for (Py_ssize_t j = 0; j < n_offsets; j++) {
        Py_ssize_t first = j * width;
        int64_t offset = AT1(offsets, int64_t, j);
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t at = i + offset;
            char *to = (char *)out.buf + i * out.strides[0] + first * out_step;
            if (0 <= at && at < n) {
                const char *row = (const char *)own.buf + at * own.strides[0];
                for (Py_ssize_t c = 0; c < width - 1; c++)
                    *(double *)(to + c * out_step) = *(const double *)(row + from_column[c]);
                *(double *)(to + (width - 1) * out_step) = AT1(p1, double, at);
            } else {
                for (Py_ssize_t c = 0; c < width; c++) *(double *)(to + c * out_step) = 0.0;
            }
        }
    }
    Py_ssize_t base = n_offsets * width;
    /* mean (from cumulative sums) and highest first-pass score over each window */
    cumulative[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + AT1(p1, double, i);
    for (Py_ssize_t k = 0; k < n_windows; k++) {
        int64_t w = AT1(windows, int64_t, k);
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t lo = i - w > 0 ? i - w : 0, hi = i + w + 1 < n ? i + w + 1 : n;
            AT2(out, double, i, base + k) = (cumulative[hi] - cumulative[lo]) / (double)(hi - lo);
            double best = AT1(p1, double, lo); /* (numpy pads with zeros, which never beat a score) */
            for (int64_t t = lo + 1; t < hi; t++)
                if (AT1(p1, double, t) > best) best = AT1(p1, double, t);
            AT2(out, double, i, base + n_windows + k) = best;
        }
    }
    /* the rank of each score, highest first, ties in page order */
    for (Py_ssize_t i = 0; i < n; i++) {
        order[i] = i;
        mass[i] = AT1(p1, double, i); /* (contiguous, for the sort) */
    }
    sort_descending(order, pointers, mass, n);
    double rank_scale = (double)(n - 1 > 1 ? n - 1 : 1);
    for (Py_ssize_t r = 0; r < n; r++) AT2(out, double, order[r], col + 1) = (double)r / rank_scale;
    /* the distance to the nearest good block */
    int64_t last_good = -(int64_t)(n + 1);
    for (Py_ssize_t i = 0; i < n; i++) {
        double score = AT1(p1, double, i);
        AT2(out, double, i, col) = score;
        if (score >= 0.5) {
            last_good = i;
            any_good = 1;
        }
        AT1(nearest, double, i) = (double)(i - last_good);
    }
    int64_t next_good = 2 * (int64_t)(n + 1);
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        if (AT1(p1, double, i) >= 0.5) next_good = i;
        double right = (double)(next_good - i);
        if (right < AT1(nearest, double, i)) AT1(nearest, double, i) = right;
    }
    /* the share of the good blocks' characters before and after each block */
    double cum = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        mass[i] = AT1(p1, double, i) >= 0.5 ? AT1(chars, double, i) : 0.0;
        cum += mass[i];
        cums[i] = cum;
    }
    double total = n && cum != 0.0 ? cum : 1.0; /* (cum is the last of cums) */
    for (Py_ssize_t i = 0; i < n; i++) {
        AT2(out, double, i, col + 3) = (cums[i] - mass[i]) / total;
        AT2(out, double, i, col + 4) = (total - cums[i]) / total;
    }
    /* runs of headline-like blocks (short, no sentence end) */
    for (Py_ssize_t i = 0; i < n; i++) {
        double words = AT2(own, double, i, words_column);
        headline[i] = AT2(own, double, i, terminal_column) == 0.0 && headline_low <= words && words <= headline_high;
        AT1(run, double, i) = 0.0;
    }
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 1; i <= n; i++) {
        if (i == n || headline[i] != headline[start]) {
            if (headline[start])
                for (Py_ssize_t t = start; t < i; t++) AT1(run, double, t) = (double)(i - start);
            start = i;
        }
    }
    /* right below a pointer ("Related articles", "Newsletter", ...): up to 3 blocks */
    pointers[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int hit = 0;
        for (Py_ssize_t c = 0; c < pcols.shape[0]; c++)
            if (AT2(own, double, i, AT1(pcols, int64_t, c)) > 0) hit = 1;
        pointers[i + 1] = pointers[i] + hit;
    }
    Py_ssize_t first_strong = -1, last_strong = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        AT2(out, double, i, col + 6) = pointers[i] - pointers[i - 3 > 0 ? i - 3 : 0] > 0 ? 1.0 : 0.0;
        if (AT1(p1, double, i) >= 0.7 && AT2(own, double, i, words_column) >= strong_words) {
            if (first_strong < 0) first_strong = i;
            last_strong = i;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        AT2(out, double, i, col + 7) = first_strong >= 0 && i < first_strong ? 1.0 : 0.0;
        AT2(out, double, i, col + 8) = first_strong >= 0 && i > last_strong ? 1.0 : 0.0;
    }
    result = PyBool_FromLong(any_good);
done:
    free(cumulative);
    free(mass);
    free(cums);
    free(order);
    free(pointers);
    free(headline);
    free(from_column);
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- page ------------------------------------------------------------------------- */

PyDoc_STRVAR(page_doc,
             "page(own, p1, columns, buckets, periods, short_words, out) -> None\n\n"
             "Write the columns of cleantext.page_features.page_features that need no sum of\n"
             "floats into ``out`` (float64, blocks x 7, any strides): the short and terminal\n"
             "shares (columns 1, 2), the largest log_chars (4), repeat_shape (5) and repeat_p1\n"
             "(6).  ``columns`` (int64) are the own-feature columns log_words, terminal,\n"
             "digit_ratio and log_chars; ``buckets`` (float64) the word-count bucket limits\n"
             "(as log1p); ``periods`` (int64, positive) the record periods.  The caller writes\n"
             "the other two, the sums that numpy takes pairwise.");

static PyObject *page(PyObject *self, PyObject *args) {
    PyObject *o_own, *o_p1, *o_columns, *o_buckets, *o_periods, *o_out;
    double short_words;
    if (!PyArg_ParseTuple(args, "OOOOOdO:page", &o_own, &o_p1, &o_columns, &o_buckets, &o_periods, &short_words,
                          &o_out))
        return NULL;
    Py_buffer own, p1, columns, buckets, periods, out;
    Py_buffer *views[6] = {&own, &p1, &columns, &buckets, &periods, &out};
    PyObject *objs[6] = {o_own, o_p1, o_columns, o_buckets, o_periods, o_out};
    static const int ndims[6] = {2, 1, 1, 1, 1, 2};
    static const char *names[6] = {"own", "p1", "columns", "buckets", "periods", "out"};
    int got = 0;
    for (; got < 6; got++)
        if (get_buffer(objs[got], views[got], ndims[got], 8, got == 5, names[got]) < 0) break;
    PyObject *result = NULL;
    int64_t *shape = NULL;
    double *cumulative = NULL, *best = NULL;
    if (got < 6) goto done;
    Py_ssize_t n = own.shape[0], n_columns = own.shape[1];
    if (p1.shape[0] != n || out.shape[0] != n || out.shape[1] < 7 || columns.shape[0] != 4) {
        PyErr_SetString(PyExc_ValueError, "page: arrays of mismatched sizes");
        goto done;
    }
    for (Py_ssize_t c = 0; c < 4; c++)
        if (AT1(columns, int64_t, c) < 0 || AT1(columns, int64_t, c) >= n_columns) {
            PyErr_SetString(PyExc_ValueError, "page: a column outside the features");
            goto done;
        }
    for (Py_ssize_t k = 0; k < periods.shape[0]; k++)
        if (AT1(periods, int64_t, k) < 1) {
            PyErr_SetString(PyExc_ValueError, "page: a period less than 1");
            goto done;
        }
    if (n == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    int64_t words_column = AT1(columns, int64_t, 0), terminal_column = AT1(columns, int64_t, 1);
    int64_t digits_column = AT1(columns, int64_t, 2), chars_column = AT1(columns, int64_t, 3);
    shape = malloc(n * sizeof(int64_t));
    cumulative = malloc((n + 1) * sizeof(double));
    best = malloc(n * sizeof(double));
    if (!shape || !cumulative || !best) {
        PyErr_NoMemory();
        goto done;
    }
    /* the page's shares and its longest block */
    Py_ssize_t n_short = 0, n_terminal = 0;
    double longest = AT2(own, double, 0, chars_column);
    for (Py_ssize_t i = 0; i < n; i++) {
        double words = AT2(own, double, i, words_column), chars = AT2(own, double, i, chars_column);
        n_short += words < short_words;
        n_terminal += AT2(own, double, i, terminal_column) > 0;
        /* numpy's max: a NaN wins */
        if (!isnan(longest) && (chars > longest || isnan(chars))) longest = chars;
        /* the shape: the word-count bucket (numpy's searchsorted: a NaN after every
           limit), sentence end and digits */
        int64_t bucket = 0;
        for (Py_ssize_t k = 0; k < buckets.shape[0]; k++) bucket += !(words <= AT1(buckets, double, k));
        shape[i] = bucket * 4 + (AT2(own, double, i, terminal_column) > 0) * 2 +
                   (AT2(own, double, i, digits_column) > 0.1);
        best[i] = 0.0;
    }
    /* records: for each period shorter than the page, whether the block matches the one a
       period later or the one a period before it matches it, averaged over three periods
       around each block (from cumulative sums of whole numbers: exact); the best period */
    for (Py_ssize_t k = 0; k < periods.shape[0]; k++) {
        int64_t period = AT1(periods, int64_t, k);
        if (period >= n) continue;
        cumulative[0] = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            int same = i + period < n && shape[i] == shape[i + period];
            int before = i >= period && shape[i - period] == shape[i];
            cumulative[i + 1] = cumulative[i] + (double)(same || before);
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t lo = i - 3 * period > 0 ? i - 3 * period : 0, hi = i + 3 * period + 1 < n ? i + 3 * period + 1 : n;
            double mean = (cumulative[hi] - cumulative[lo]) / (double)(hi - lo);
            if (mean > best[i]) best[i] = mean;
        }
    }
    /* the mean first-pass score over [i - 5, i + 5], as numpy's cumulative sum adds */
    cumulative[0] = 0.0;
    cumulative[1] = AT1(p1, double, 0);
    for (Py_ssize_t i = 1; i < n; i++) cumulative[i + 1] = cumulative[i] + AT1(p1, double, i);
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t lo = i - 5 > 0 ? i - 5 : 0, hi = i + 6 < n ? i + 6 : n;
        double mean = (cumulative[hi] - cumulative[lo]) / (double)(hi - lo);
        AT2(out, double, i, 1) = (double)n_short / (double)n;
        AT2(out, double, i, 2) = (double)n_terminal / (double)n;
        AT2(out, double, i, 4) = longest;
        AT2(out, double, i, 5) = best[i];
        AT2(out, double, i, 6) = mean * best[i];
    }
    result = Py_NewRef(Py_None);
done:
    free(shape);
    free(cumulative);
    free(best);
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- line flags ------------------------------------------------------------------- */

/* the bits of cleantext.filters.segment (keep in step): line flags, then the helper bits
   of its first- and last-character tables */
enum {
    L_ELLIPSIS = 4, L_BULLET_LINE = 8, L_INITIAL_END = 64, L_DROP_CAP = 128,
    L_DOT_FIRST = 1 << 8, L_BULLET_CHAR = 1 << 9, L_CAP_CHAR = 1 << 10, L_DOT_LAST = 1 << 11,
};

static inline uint32_t bmp(uint32_t cp) { return cp <= 0xFFFF ? cp : 0xFFFF; }

/* Whether the first ``n`` characters of a line (five suffice) start a numbered item:
   one to three digits, "." or ")", a space (the segmenter's pattern ^\d{1,3}[.)]\s,
   with Python's digits and spaces). */
static int numbered_item(const uint32_t *head, int n) {
    int d = 0;
    while (d < n && d < 4 && Py_UNICODE_ISDECIMAL(head[d])) d++;
    return d >= 1 && d <= 3 && d + 1 < n && (head[d] == '.' || head[d] == ')') && Py_UNICODE_ISSPACE(head[d + 1]);
}

PyDoc_STRVAR(line_flags_doc,
             "line_flags(text, first, last, classes, flags, lengths) -> None\n\n"
             "The segmenter's bits of every line of ``text`` (split at \"\\n\") into ``flags``\n"
             "(uint8, one per line; 0 for an empty line) and the length of each line into\n"
             "``lengths`` (int64): cleantext.filters.segment._line_flags_numpy in one loop.\n"
             "``first`` and ``last`` are its tables of what a line's first and last\n"
             "character say (uint16 over the BMP), ``classes`` cleantext.charclass.table().");

/* The position of the first "\n" of the text at or after ``from``, or ``size`` if there
   is none (``size + 1`` once ``from`` is past ``size``: the caller's loop has read the
   last line); memchr for a text of one byte a character, a typed loop for the others
   (no switch on the kind at every character). */
static Py_ssize_t next_newline(int kind, const void *data, Py_ssize_t from, Py_ssize_t size) {
    if (from >= size) return size + (from > size);
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *p = (const Py_UCS1 *)data;
        const void *hit = memchr(p + from, '\n', (size_t)(size - from));
        return hit ? (const Py_UCS1 *)hit - p : size;
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *p = (const Py_UCS2 *)data;
        Py_ssize_t i = from;
        /* four characters at a time: one equal to "\n" is a zero lane of the xor, which
           the test finds (it never misses one; the loop below finds where) */
        for (; i + 4 <= size; i += 4) {
            uint64_t v;
            memcpy(&v, p + i, sizeof v);
            v ^= 0x000A000A000A000AULL;
            if ((v - 0x0001000100010001ULL) & ~v & 0x8000800080008000ULL) break;
        }
        for (; i < size; i++)
            if (p[i] == '\n') return i;
        return size;
    }
    const Py_UCS4 *p = (const Py_UCS4 *)data;
    for (Py_ssize_t i = from; i < size; i++)
        if (p[i] == '\n') return i;
    return size;
}

static PyObject *line_flags(PyObject *self, PyObject *args) {
    PyObject *text, *objs[5];
    Py_buffer first, last, classes, flags, lengths;
    Py_buffer *views[5] = {&first, &last, &classes, &flags, &lengths};
    static const Py_ssize_t sizes[5] = {2, 2, 2, 1, 8};
    static const int writable[5] = {0, 0, 0, 1, 1};
    static const char *names[5] = {"first", "last", "classes", "flags", "lengths"};
    if (!PyArg_ParseTuple(args, "UOOOOO:line_flags", &text, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4]))
        return NULL;
    int got = 0;
    for (; got < 5; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], writable[got], names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 5) goto done;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), n = flags.shape[0];
    if (first.shape[0] < 0x10000 || last.shape[0] < 0x10000 || classes.shape[0] < 0x10000 ||
        lengths.shape[0] != n) {
        PyErr_SetString(PyExc_ValueError, "line_flags: arrays of mismatched sizes");
        goto done;
    }
    Items first_bits = items(&first), last_bits = items(&last), table = items(&classes);
    Items out = items(&flags), out_lengths = items(&lengths);
    Py_ssize_t line = 0, start = 0;
    for (Py_ssize_t end = next_newline(kind, data, 0, size); end <= size;
         end = next_newline(kind, data, end + 1, size)) {
        if (line >= n) {
            PyErr_SetString(PyExc_ValueError, "line_flags: more lines than flags");
            goto done;
        }
        Py_ssize_t length = end - start;
        uint32_t bits = 0;
        if (length > 0) {
#define CP(i) ((uint32_t)PyUnicode_READ(kind, data, (i)))
            uint32_t head = CP(start), tail = CP(end - 1);
            bits = ITEM(first_bits, uint16_t, bmp(head)) | ITEM(last_bits, uint16_t, bmp(tail));
            /* "..." at the start */
            if ((bits & L_DOT_FIRST) && length >= 3 && CP(start + 1) == '.' && CP(start + 2) == '.')
                bits |= L_ELLIPSIS;
            /* a bullet sign and a space */
            if ((bits & L_BULLET_CHAR) && length >= 2 && (ITEM(table, uint16_t, bmp(CP(start + 1))) & SPACE))
                bits |= L_BULLET_LINE;
            /* an initial at the end: "A." alone or after a space */
            if ((bits & L_DOT_LAST) && length >= 2 && (ITEM(table, uint16_t, bmp(CP(end - 2))) & UPPER) &&
                (length == 2 || CP(end - 3) == ' '))
                bits |= L_INITIAL_END;
            /* a capital standing alone: a drop cap */
            if ((bits & L_CAP_CHAR) && length == 1) bits |= L_DROP_CAP;
            /* a numbered item (only a line that starts with a digit can be one) */
            if (ITEM(table, uint16_t, bmp(head)) & DIGIT) {
                uint32_t chars[5];
                int n = length < 5 ? (int)length : 5;
                for (int j = 0; j < n; j++) chars[j] = CP(start + j);
                if (numbered_item(chars, n)) bits |= L_BULLET_LINE;
            }
#undef CP
        }
        ITEM(out, uint8_t, line) = (uint8_t)(bits & 0xFF);
        ITEM(out_lengths, int64_t, line) = length;
        line++;
        start = end + 1;
    }
    if (line != n) {
        PyErr_SetString(PyExc_ValueError, "line_flags: fewer lines than flags");
        goto done;
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- whitespace ------------------------------------------------------------------ */

/* what cleantext.filters.normalize does to a character (keep in step with its table) */
enum { W_KEEP = 0, W_NEWLINE = 1, W_DROP = 2, W_SPACE = 3 };

PyDoc_STRVAR(whitespace_doc,
             "whitespace(text, actions) -> str\n\n"
             "cleantext.filters.normalize.normalize_whitespace in one pass: \"\\r\\n\" and the\n"
             "other line breaks become \"\\n\", invisible characters go, special spaces become\n"
             "spaces, runs of spaces one space, and no line starts or ends with a space.\n"
             "``actions`` (uint8 over the BMP) says what each character becomes: 0 itself,\n"
             "1 a line break, 2 nothing, 3 a space.  ``text`` itself if nothing changes.");

/* Whether the 64-bit word ``v`` (lanes of ``bits`` bits: characters of one or two bytes)
   is plain ASCII text that the pass copies as it stands after a kept character: every
   character printable ASCII or a space (U+0020..U+007E), no two spaces side by side, and
   no space last (each space has a kept character after it in the word).  ``lane`` is 1
   in each lane.  Bit 7 of a lane tells, the characters being below U+0080 first: adding
   0x60 sets it from U+0020 up, adding 1 from U+007F up; a space is a lane that is 0
   after an xor with 0x20, whose bit 7 adding 0x7F leaves clear. */
static inline int plain_ascii(uint64_t v, uint64_t lane, int bits) {
    const uint64_t top = lane * 0x80;
    if (v & ~(lane * 0x7F)) return 0;
    if ((((v + lane * 0x60) & ~(v + lane)) & top) != top) return 0;
    uint64_t x = v ^ (lane * 0x20);
    uint64_t spaces = ~((x + lane * 0x7F) | x) & top;
    return !(spaces & (spaces >> bits)) && !(spaces >> (64 - bits));
}

/* The loop of whitespace() for characters of type T (the text's kind); returns the
   output length, and sets *changed if the output differs from the input.  ``fast``:
   the table keeps printable ASCII and reads " " as a space, so that a run of kept
   characters may go on eight bytes at a time through plain ASCII text (plain_ascii:
   its single spaces stay as they are); text of one or two bytes a character only. */
#define WHITESPACE_LOOP(T)                                                                  \
    static Py_ssize_t whitespace_##T(const T *in, Py_ssize_t size, T *out, Items act,       \
                                     int fast, int *changed) {                               \
        const Py_ssize_t lanes = (Py_ssize_t)(8 / sizeof(T));                               \
        const int bits = (int)(8 * sizeof(T));                                               \
        const uint64_t lane = sizeof(T) == 1 ? 0x0101010101010101ULL : 0x0001000100010001ULL; \
        fast = fast && sizeof(T) <= 2;                                                       \
        /* a space waits until a character follows it on its line; at a line's start none \
           is written */                                                                     \
        int pending = 0, line_start = 1, diff = 0;                                           \
        Py_ssize_t m = 0;                                                                    \
        for (Py_ssize_t i = 0; i < size; i++) {                                              \
            Py_UCS4 ch = in[i];                                                              \
            int a = ch <= 0xFFFF ? ITEM(act, uint8_t, ch) : W_KEEP;                          \
            if (a == W_KEEP && ch != '\r') {                                                 \
                if (pending) {                                                               \
                    if (line_start) diff = 1;                                                \
                    else out[m++] = ' ';                                                     \
                    pending = 0;                                                             \
                }                                                                            \
                out[m++] = (T)ch;                                                            \
                line_start = 0;                                                              \
                /* plain ASCII text after it, a word at a time (tried once a run: text  \
                   of other characters pays one test) */                                     \
                if (fast)                                                                    \
                    for (uint64_t v; i + 1 + lanes <= size; i += lanes, m += lanes) {        \
                        memcpy(&v, in + i + 1, sizeof v);                                    \
                        if (!plain_ascii(v, lane, bits)) break;                              \
                        memcpy(out + m, &v, sizeof v);                                       \
                    }                                                                        \
                /* the rest of a run of kept characters (most of a text): copied with no \
                   other test */                                                             \
                while (i + 1 < size) {                                                       \
                    Py_UCS4 next = in[i + 1];                                                \
                    if (next > 0xFFFF || ITEM(act, uint8_t, next) != W_KEEP || next == '\r') \
                        break;                                                               \
                    out[m++] = (T)next;                                                      \
                    i++;                                                                     \
                }                                                                            \
            } else if (a == W_SPACE) {                                                       \
                if (pending || ch != ' ') diff = 1;                                          \
                pending = 1;                                                                 \
            } else if (a == W_DROP) {                                                        \
                diff = 1;                                                                    \
            } else { /* a line break; "\r\n" is one */                                       \
                if (ch == '\r' && i + 1 < size && in[i + 1] == '\n') i++;                    \
                if (pending || ch != '\n') diff = 1;                                         \
                pending = 0;                                                                 \
                out[m++] = '\n';                                                             \
                line_start = 1;                                                              \
            }                                                                                \
        }                                                                                    \
        *changed = diff || pending;                                                          \
        return m;                                                                            \
    }
WHITESPACE_LOOP(Py_UCS1)
WHITESPACE_LOOP(Py_UCS2)
WHITESPACE_LOOP(Py_UCS4)
#undef WHITESPACE_LOOP

static PyObject *whitespace(PyObject *self, PyObject *args) {
    PyObject *text, *obj;
    Py_buffer actions;
    if (!PyArg_ParseTuple(args, "UO:whitespace", &text, &obj)) return NULL;
    if (get_buffer(obj, &actions, 1, 1, 0, "actions") < 0) return NULL;
    PyObject *result = NULL;
    void *out = NULL;
    if (actions.shape[0] < 0x10000) {
        PyErr_SetString(PyExc_ValueError, "whitespace: the table must cover the BMP");
        goto done;
    }
    Items act = items(&actions);
    int kind = PyUnicode_KIND(text), changed = 0;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), m = 0;
    /* no character becomes one above those of the text: the text's kind holds them */
    out = PyMem_Malloc(size > 0 ? (size_t)size * (size_t)kind : 1);
    if (out == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* the word-at-a-time copy only where the table reads ASCII as it assumes */
    int fast = ITEM(act, uint8_t, ' ') == W_SPACE;
    for (int ch = 0x21; ch <= 0x7E && fast; ch++) fast = ITEM(act, uint8_t, ch) == W_KEEP;
    if (kind == PyUnicode_1BYTE_KIND) m = whitespace_Py_UCS1(data, size, out, act, fast, &changed);
    else if (kind == PyUnicode_2BYTE_KIND) m = whitespace_Py_UCS2(data, size, out, act, fast, &changed);
    else m = whitespace_Py_UCS4(data, size, out, act, fast, &changed);
    result = changed ? PyUnicode_FromKindAndData(kind, out, m) : Py_NewRef(text);
done:
    PyMem_Free(out);
    PyBuffer_Release(&actions);
    return result;
}

/* -- mojibake ---------------------------------------------------------------------- */

PyDoc_STRVAR(garbled_doc,
             "garbled(text, continuation) -> bool\n\n"
             "Whether ``text`` holds what UTF-8 read as cp1252 or Latin-1 leaves\n"
             "(cleantext.filters.encoding._SUSPECT): a lead character U+00C2..U+00DF and one\n"
             "continuation, or U+00E0..U+00EF and two; a C1 control; or U+00C3 and a space.\n"
             "``continuation`` (uint8 over the BMP) is 1 for the continuation characters.");

/* The loop of garbled() for characters of type T (the text's kind: no switch on the
   kind at every character). */
/* A character below U+0080 starts nothing suspect: eight bytes of them at a time are
   passed over with one test (most of a text is ASCII; this loop read each character on
   its own, 0.11 M instructions a page of the dev set).  A lane of the word is a
   character; its bits from 0x80 up are set in the mask. */
#define ASCII_LANES(T)                                                                      \
    (sizeof(T) == 1 ? 0x8080808080808080ULL : sizeof(T) == 2 ? 0xFF80FF80FF80FF80ULL : 0xFFFFFF80FFFFFF80ULL)
#define GARBLED_LOOP(T)                                                                     \
    static int garbled_##T(const T *s, Py_ssize_t size, Items cont) {                       \
        const Py_ssize_t per_word = (Py_ssize_t)(8 / sizeof(T));                            \
        for (Py_ssize_t i = 0; i < size; i++) {                                              \
            for (uint64_t v; i + per_word <= size; i += per_word) {                          \
                memcpy(&v, s + i, sizeof v);                                                 \
                if (v & ASCII_LANES(T)) break;                                               \
            }                                                                                \
            if (i >= size) break;                                                            \
            Py_UCS4 ch = s[i];                                                               \
            if (ch < 0x80 || ch > 0xEF) continue;                                            \
            if (ch <= 0x9F) return 1;                                                        \
            if (ch >= 0xC2 && ch <= 0xDF) {                                                  \
                if (CONT(i + 1) || (ch == 0xC3 && i + 1 < size && s[i + 1] == ' ')) return 1;\
            } else if (ch >= 0xE0) {                                                         \
                if (CONT(i + 1) && CONT(i + 2)) return 1;                                    \
            }                                                                                \
        }                                                                                    \
        return 0;                                                                            \
    }
#define CONT(i) ((i) < size && s[i] <= 0xFFFF && ITEM(cont, uint8_t, s[i]))
GARBLED_LOOP(Py_UCS1)
GARBLED_LOOP(Py_UCS2)
GARBLED_LOOP(Py_UCS4)
#undef CONT
#undef GARBLED_LOOP
#undef ASCII_LANES

static PyObject *garbled(PyObject *self, PyObject *args) {
    PyObject *text, *obj;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "UO:garbled", &text, &obj)) return NULL;
    if (get_buffer(obj, &table, 1, 1, 0, "continuation") < 0) return NULL;
    if (table.shape[0] < 0x10000) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "garbled: the table must cover the BMP");
        return NULL;
    }
    Items cont = items(&table);
    int kind = PyUnicode_KIND(text), found;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    if (kind == PyUnicode_1BYTE_KIND) found = garbled_Py_UCS1(data, size, cont);
    else if (kind == PyUnicode_2BYTE_KIND) found = garbled_Py_UCS2(data, size, cont);
    else found = garbled_Py_UCS4(data, size, cont);
    PyBuffer_Release(&table);
    return PyBool_FromLong(found);
}

/* -- segment lines ---------------------------------------------------------------- */

/* the segmenter's line bits beyond those above, its pair verdicts, the roles it gives
   lines here, and the bits of its table of characters that str tests name (keep in
   step with cleantext.filters.segment) */
enum { L_CONT = 1, L_LOWER_FIRST = 2, L_CLOSED_END = 16, L_OPEN_END = 32 };
enum { V_SPLIT = 0, V_JOIN = 1, V_MAYBE = 2 };
enum { ROLE_EMPTY = 0, ROLE_NEW = 1, ROLE_SPACE = 2, ROLE_GLUE = 3 };
enum { S_CONTINUES = 1, S_CLOSED = 2, S_OPENS = 4, S_BULLET_SIGN = 8, S_TRIM = 16 };

/* "lower", for str.lower() of a word (made when the module is imported) */
static PyObject *str_lower;

/* The characters of a part: lines glued without a space, read from the text between
   the first line's start and the last line's end with the line breaks left out. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t start, end; /* [start, end) of the text */
} Part;

/* Up to ``want`` characters from the start (``forward``) or the end of the part. */
static int part_chars(const Part *part, uint32_t *out, int want, int forward) {
    int got = 0;
    if (forward) {
        for (Py_ssize_t j = part->start; j < part->end && got < want; j++) {
            uint32_t ch = PyUnicode_READ(part->kind, part->data, j);
            if (ch != '\n') out[got++] = ch;
        }
    } else {
        for (Py_ssize_t j = part->end - 1; j >= part->start && got < want; j--) {
            uint32_t ch = PyUnicode_READ(part->kind, part->data, j);
            if (ch != '\n') out[got++] = ch;
        }
    }
    return got;
}


/* The bits cleantext.filters.segment._flags_of gives the part's string (``size``
   characters, at least one), with Python's own character tests. */
static uint32_t part_flags(const Part *part, Py_ssize_t size, Items sets) {
    uint32_t head[5] = {0}, tail[3] = {0};
    int nh = part_chars(part, head, 5, 1), nt = part_chars(part, tail, 3, 0);
    if (!nh) return 0;
    uint32_t first = head[0], last = tail[0], bits = 0;
    if (in_set(sets, first, S_CONTINUES)) bits |= L_CONT;
    if (Py_UNICODE_ISLOWER(first)) bits |= L_LOWER_FIRST;
    if (first == 0x2026 || (nh >= 3 && head[0] == '.' && head[1] == '.' && head[2] == '.')) bits |= L_ELLIPSIS;
    /* ^(?:[signs]|\d{1,3}[.)])\s */
    if (in_set(sets, first, S_BULLET_SIGN)) {
        if (nh >= 2 && Py_UNICODE_ISSPACE(head[1])) bits |= L_BULLET_LINE;
    } else if (numbered_item(head, nh)) {
        bits |= L_BULLET_LINE;
    }
    if (in_set(sets, last, S_CLOSED)) bits |= L_CLOSED_END;
    if (in_set(sets, last, S_OPENS)) bits |= L_OPEN_END;
    if (size >= 2 && nt >= 2 && last == '.' && Py_UNICODE_ISUPPER(tail[1]) && (size == 2 || tail[2] == ' '))
        bits |= L_INITIAL_END;
    if (size == 1 && Py_UNICODE_ISUPPER(first) && first != 'A' && first != 'I' && first != 'O') bits |= L_DROP_CAP;
    return bits;
}

/* Whether the last word of the part (after its last space), stripped of the characters
   of S_TRIM and in lower case (str.lower), is one of ``words``: the test of
   cleantext.filters.segment._joins_by_words, without a call into Python.  1 or 0; -1
   with an exception set; -2 where a line break lies inside the word (the part is lines
   glued together), which the caller leaves to Python. */
static int ends_on_word(PyObject *text, const Part *part, PyObject *words, Items sets) {
    Py_ssize_t start = part->start, end = part->end;
    for (Py_ssize_t j = end - 1; j >= part->start; j--) {
        Py_UCS4 ch = PyUnicode_READ(part->kind, part->data, j);
        if (ch == ' ') {
            start = j + 1;
            break;
        }
        if (ch == '\n') return -2;
    }
    while (start < end && in_set(sets, PyUnicode_READ(part->kind, part->data, start), S_TRIM)) start++;
    while (end > start && in_set(sets, PyUnicode_READ(part->kind, part->data, end - 1), S_TRIM)) end--;
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL) return -1;
    PyObject *lower = PyObject_CallMethodNoArgs(word, str_lower);
    Py_DECREF(word);
    if (lower == NULL) return -1;
    int found = PySet_Contains(words, lower);
    Py_DECREF(lower);
    return found;
}

PyDoc_STRVAR(segment_lines_doc,
             "segment_lines(text, flags, starts, lengths, verdicts, sets, begin, stop, words, maybe, roles)"
             " -> None\n\n"
             "The segmenter's loop over the lines begin..stop of ``text``: for each line, whether it\n"
             "is empty (0), starts a block (1), goes on with the block above after a space (2) or\n"
             "is glued to its last part without one (3), into ``roles`` (uint8, one per line).\n"
             "``flags``, ``starts`` and ``lengths``: each line's bits, first character and length\n"
             "(uint8, int64, int64); ``verdicts`` the pair table (uint8, 65536); ``sets`` the\n"
             "characters its string tests name (uint8 over the BMP).  A pair the bits leave open\n"
             "is decided by its words where they can decide: a block longer than 20 characters\n"
             "goes on if the last word of its last part is one of ``words`` (a set of lower-case\n"
             "words, the function words; none: no such test); a drop cap, or a last word with a\n"
             "line break inside, calls ``maybe(first, last, line, size, bits)`` (the part's first\n"
             "and last line, the block's size so far, the part's bits) instead.");

static PyObject *segment_lines(PyObject *self, PyObject *args) {
    PyObject *text, *words, *maybe, *objs[6];
    Py_buffer flags, starts, lengths, verdicts, sets, roles;
    Py_buffer *views[6] = {&flags, &starts, &lengths, &verdicts, &sets, &roles};
    static const Py_ssize_t sizes[6] = {1, 8, 8, 1, 1, 1};
    static const int writable[6] = {0, 0, 0, 0, 0, 1};
    static const char *names[6] = {"flags", "starts", "lengths", "verdicts", "sets", "roles"};
    Py_ssize_t begin, stop;
    if (!PyArg_ParseTuple(args, "UOOOOOnnO!OO:segment_lines", &text, &objs[0], &objs[1], &objs[2], &objs[3],
                          &objs[4], &begin, &stop, &PyFrozenSet_Type, &words, &maybe, &objs[5]))
        return NULL;
    int has_words = PySet_GET_SIZE(words) > 0;
    int got = 0;
    for (; got < 6; got++)
        if (get_buffer(objs[got], views[got], 1, sizes[got], writable[got], names[got]) < 0) break;
    PyObject *result = NULL;
    if (got < 6) goto done;
    Py_ssize_t n = flags.shape[0], size_text = PyUnicode_GET_LENGTH(text);
    if (starts.shape[0] != n || lengths.shape[0] != n || roles.shape[0] != n || verdicts.shape[0] < 0x10000 ||
        sets.shape[0] < 0x10000 || begin < 0 || stop > n || begin > stop) {
        PyErr_SetString(PyExc_ValueError, "segment_lines: arrays of mismatched sizes");
        goto done;
    }
    for (Py_ssize_t i = begin; i < stop; i++) {
        int64_t s = AT1(starts, int64_t, i), len = AT1(lengths, int64_t, i);
        if (s < 0 || len < 0 || s + len > size_text) {
            PyErr_SetString(PyExc_ValueError, "segment_lines: a line outside the text");
            goto done;
        }
    }
    if (!PyCallable_Check(maybe)) {
        PyErr_SetString(PyExc_TypeError, "segment_lines: maybe must be callable");
        goto done;
    }
    Items bits_of = items(&flags), line_start = items(&starts), line_length = items(&lengths);
    Items verdict_of = items(&verdicts), char_sets = items(&sets), role = items(&roles);
    Part part = {PyUnicode_KIND(text), PyUnicode_DATA(text), 0, 0};
    int have = 0;
    Py_ssize_t blanks = (begin > 0 && ITEM(line_length, int64_t, begin - 1) == 0) ? 1 : 0;
    Py_ssize_t part_first = 0, part_last = 0, part_size = 0, size = 0;
    uint32_t pbits = 0;
    for (Py_ssize_t i = begin; i < stop; i++) {
        int64_t length = ITEM(line_length, int64_t, i);
        if (length == 0) {
            blanks++;
            ITEM(role, uint8_t, i) = ROLE_EMPTY;
            continue;
        }
        uint32_t bits = ITEM(bits_of, uint8_t, i);
        int join = 0;
        if (!have) {
            join = 0;
        } else if (blanks) {
            /* a hard wrap across one blank line: a long open sentence going on in lower case */
            join = blanks == 1 && size >= 40 && !(pbits & L_CLOSED_END) && (bits & L_LOWER_FIRST);
        } else {
            int verdict = ITEM(verdict_of, uint8_t, (pbits << 8) | bits);
            if (verdict == V_JOIN) {
                join = 1;
            } else if (verdict == V_MAYBE && ((pbits & L_DROP_CAP) || (has_words && size > 20))) {
                join = -2; /* a drop cap: Python reads it (and then the words) */
                if (!(pbits & L_DROP_CAP)) {
                    part.start = ITEM(line_start, int64_t, part_first);
                    part.end = ITEM(line_start, int64_t, part_last) + ITEM(line_length, int64_t, part_last);
                    join = ends_on_word(text, &part, words, char_sets);
                }
                if (join == -2) {
                    PyObject *answer = PyObject_CallFunction(maybe, "nnnnI", part_first, part_last, i, size, pbits);
                    if (answer == NULL) goto done;
                    join = PyObject_IsTrue(answer);
                    Py_DECREF(answer);
                }
                if (join < 0) goto done;
            }
        }
        if (join) {
            size += length + 1;
            if (bits & L_CONT) {
                /* glued without a space: the part's bits are read afresh */
                part_last = i;
                part_size += length;
                part.start = ITEM(line_start, int64_t, part_first);
                part.end = ITEM(line_start, int64_t, i) + length;
                pbits = part_flags(&part, part_size, char_sets);
                ITEM(role, uint8_t, i) = ROLE_GLUE;
            } else {
                part_first = part_last = i;
                part_size = length;
                pbits = bits;
                ITEM(role, uint8_t, i) = ROLE_SPACE;
            }
            blanks = 0;
            continue;
        }
        ITEM(role, uint8_t, i) = ROLE_NEW;
        have = 1;
        part_first = part_last = i;
        part_size = size = length;
        pbits = bits;
        blanks = 0;
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(views[k]);
    return result;
}

/* -- phrase cells ----------------------------------------------------------------- */

typedef struct {
    int64_t start, end, column;
    double tokens;
    Py_ssize_t order; /* the match's place in the input: ties keep it, as a stable sort */
} Match;

/* start ascending, end descending (the longest first), column, tokens, then input order */
static int match_cmp(const void *a, const void *b) {
    const Match *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    if (x->tokens != y->tokens) return x->tokens < y->tokens ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* a word character as cleantext.lexicons._is_word reads it: the class table's WORD bit
   in the BMP, str.isalnum() or "_" beyond it */
static inline int word_char(uint32_t cp, Items classes) {
    if (cp <= 0xFFFF) return (ITEM(classes, uint16_t, cp) & WORD) != 0;
    return Py_UNICODE_ISALNUM(cp) || cp == '_';
}

PyDoc_STRVAR(phrase_cells_doc,
             "phrase_cells(found, columns, tokens, word_start, word_end, cps, classes, line_starts,\n"
             "             n_categories, covered) -> list\n\n"
             "cleantext.lexicons.Lexicon._phrase_cells in one loop: of the matches ``found`` (the\n"
             "automaton's list of (phrase, start, end) tuples in the code points ``cps``; a phrase\n"
             "index past ``columns`` is another string of the automaton and is passed over), the\n"
             "phrases' matches at word boundaries (``word_start``/``word_end`` per phrase: its\n"
             "first/last character is a word character) and not inside a longer match; each adds\n"
             "its phrase's ``tokens`` to ``covered`` (float64 per line of ``line_starts``) and its\n"
             "cell, line * n_categories + column, to the list returned, in order of start.");

static PyObject *phrase_cells(PyObject *self, PyObject *args) {
    PyObject *found, *objs[8];
    Py_ssize_t n_categories;
    Py_buffer columns, tokens, word_start, word_end, cps, classes, line_starts, covered;
    Py_buffer *views[8] = {&columns, &tokens, &word_start, &word_end, &cps, &classes, &line_starts, &covered};
    static const int dims[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    static const Py_ssize_t sizes[8] = {8, 8, 1, 1, 4, 2, 8, 8};
    static const int writable[8] = {0, 0, 0, 0, 0, 0, 0, 1};
    static const char *names[8] = {"columns", "tokens", "word_start", "word_end",
                                   "cps",     "classes", "line_starts", "covered"};
    if (!PyArg_ParseTuple(args, "O!OOOOOOOnO:phrase_cells", &PyList_Type, &found, &objs[0], &objs[1], &objs[2],
                          &objs[3], &objs[4], &objs[5], &objs[6], &n_categories, &objs[7]))
        return NULL;
    int got = 0;
    for (; got < 8; got++)
        if (get_buffer(objs[got], views[got], dims[got], sizes[got], writable[got], names[got]) < 0) break;
    PyObject *result = NULL;
    Match *matches = NULL;
    if (got < 8) goto done;
    Py_ssize_t m = PyList_GET_SIZE(found), phrases = columns.shape[0], size = cps.shape[0],
               lines = line_starts.shape[0];
    if (tokens.shape[0] != phrases || word_start.shape[0] != phrases || word_end.shape[0] != phrases ||
        classes.shape[0] < 0x10000 || covered.shape[0] != lines || lines < 1 || n_categories < 1) {
        PyErr_SetString(PyExc_ValueError, "phrase_cells: arrays of mismatched sizes");
        goto done;
    }
    matches = malloc((m ? m : 1) * sizeof(Match));
    if (matches == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Items text = items(&cps), table = items(&classes);
    Py_ssize_t k = 0;
    for (Py_ssize_t r = 0; r < m; r++) {
        PyObject *row = PyList_GET_ITEM(found, r);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 3) {
            PyErr_SetString(PyExc_TypeError, "phrase_cells: a match must be a (phrase, start, end) tuple");
            goto done;
        }
        long long phrase = PyLong_AsLongLong(PyTuple_GET_ITEM(row, 0));
        long long start = PyLong_AsLongLong(PyTuple_GET_ITEM(row, 1));
        long long end = PyLong_AsLongLong(PyTuple_GET_ITEM(row, 2));
        if ((phrase == -1 || start == -1 || end == -1) && PyErr_Occurred()) goto done;
        if (phrase >= phrases) continue; /* a string a pattern needs, not a phrase */
        if (phrase < 0 || start < 0 || end < start || end > size) {
            PyErr_SetString(PyExc_ValueError, "phrase_cells: a match outside the phrases or the text");
            goto done;
        }
        /* a match counts only at word boundaries */
        if (AT1(word_start, uint8_t, phrase) && start > 0 && word_char(ITEM(text, uint32_t, start - 1), table))
            continue;
        if (AT1(word_end, uint8_t, phrase) && end < size && word_char(ITEM(text, uint32_t, end), table)) continue;
        Match match = {start, end, AT1(columns, int64_t, phrase), AT1(tokens, double, phrase), k};
        matches[k++] = match;
    }
    qsort(matches, k, sizeof(Match), match_cmp);
    result = PyList_New(0);
    if (result == NULL) goto done;
    /* in that order, a match that ends no later than one before it is inside that one */
    Py_ssize_t line = 0;
    int64_t reach = 0;
    for (Py_ssize_t j = 0; j < k; j++) {
        if (j > 0 && matches[j].end <= reach) continue;
        if (j == 0 || matches[j].end > reach) reach = matches[j].end;
        /* the line holding the start: the last line start at or before it (starts ascend) */
        while (line + 1 < lines && AT1(line_starts, int64_t, line + 1) <= matches[j].start) line++;
        while (line > 0 && AT1(line_starts, int64_t, line) > matches[j].start) line--;
        AT1(covered, double, line) += matches[j].tokens;
        PyObject *cell = PyLong_FromSsize_t(line * n_categories + matches[j].column);
        if (cell == NULL || PyList_Append(result, cell) < 0) {
            Py_XDECREF(cell);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(cell);
    }
done:
    free(matches);
    for (int i = 0; i < got; i++) PyBuffer_Release(views[i]);
    return result;
}

/* -- code points of a string -------------------------------------------------------- */

PyDoc_STRVAR(code_points_doc,
             "code_points(text, out) -> None\n\n"
             "The code points of ``text`` into ``out`` (uint32, contiguous, one per character), as\n"
             "its UTF-32 with surrogatepass gives them (cleantext.charclass.code_points): read\n"
             "from the string's own storage, with no bytes object in between.");

/* ``n`` characters of type T widened to uint32, eight at a time written out one by one
   (so that the compiler may take the eight as one vector operation), then the rest. */
#define WIDEN(T)                                                                            \
    static void widen_##T(uint32_t *restrict to, const T *restrict from, Py_ssize_t n) {   \
        Py_ssize_t i = 0;                                                                   \
        for (; i + 8 <= n; i += 8) {                                                        \
            to[i] = from[i];                                                                \
            to[i + 1] = from[i + 1];                                                        \
            to[i + 2] = from[i + 2];                                                        \
            to[i + 3] = from[i + 3];                                                        \
            to[i + 4] = from[i + 4];                                                        \
            to[i + 5] = from[i + 5];                                                        \
            to[i + 6] = from[i + 6];                                                        \
            to[i + 7] = from[i + 7];                                                        \
        }                                                                                   \
        for (; i < n; i++) to[i] = from[i];                                                 \
    }
WIDEN(Py_UCS1)
WIDEN(Py_UCS2)
#undef WIDEN

static PyObject *code_points(PyObject *self, PyObject *args) {
    PyObject *text, *o_out;
    if (!PyArg_ParseTuple(args, "UO:code_points", &text, &o_out)) return NULL;
    Py_buffer out;
    if (get_buffer(o_out, &out, 1, 4, 1, "out") < 0) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_buffer *const flat[1] = {&out};
    if (out.shape[0] != n) {
        PyErr_SetString(PyExc_ValueError, "code_points: arrays of mismatched sizes");
        goto done;
    }
    if (!contiguous(flat, 1, "code_points")) goto done;
    uint32_t *to = out.buf;
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        widen_Py_UCS1(to, data, n);
        break;
    case PyUnicode_2BYTE_KIND:
        widen_Py_UCS2(to, data, n);
        break;
    default:
        if (n) memcpy(to, data, (size_t)n * sizeof(uint32_t));
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&out);
    return result;
}

/* -- lengths of strings ------------------------------------------------------------ */

PyDoc_STRVAR(lengths_doc,
             "lengths(strings, out) -> None\n\n"
             "The length of each str of the list ``strings`` into ``out`` (int64, as many items),\n"
             "as numpy.fromiter(map(len, strings)) gives them (a numpy call per string there).");

static PyObject *lengths(PyObject *self, PyObject *args) {
    PyObject *strings, *o_out;
    if (!PyArg_ParseTuple(args, "O!O:lengths", &PyList_Type, &strings, &o_out)) return NULL;
    Py_buffer out;
    if (get_buffer(o_out, &out, 1, 8, 1, "out") < 0) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyList_GET_SIZE(strings);
    if (out.shape[0] != n) {
        PyErr_SetString(PyExc_ValueError, "lengths: arrays of mismatched sizes");
        goto done;
    }
    Items to = items(&out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyList_GET_ITEM(strings, i);
        if (!PyUnicode_Check(s)) {
            PyErr_SetString(PyExc_TypeError, "lengths: a list of str");
            goto done;
        }
        ITEM(to, int64_t, i) = PyUnicode_GET_LENGTH(s);
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"count_words", count_words, METH_VARARGS, count_words_doc},
    {"scan", scan, METH_VARARGS, scan_doc},
    {"context", context, METH_VARARGS, context_doc},
    {"page", page, METH_VARARGS, page_doc},
    {"line_flags", line_flags, METH_VARARGS, line_flags_doc},
    {"segment_lines", segment_lines, METH_VARARGS, segment_lines_doc},
    {"phrase_cells", phrase_cells, METH_VARARGS, phrase_cells_doc},
    {"whitespace", whitespace, METH_VARARGS, whitespace_doc},
    {"garbled", garbled, METH_VARARGS, garbled_doc},
    {"stop_words", stop_words, METH_VARARGS, stop_words_doc},
    {"block_ends", block_ends, METH_VARARGS, block_ends_doc},
    {"topic", topic, METH_VARARGS, topic_doc},
    {"marks", marks, METH_VARARGS, marks_doc},
    {"own_columns", own_columns, METH_VARARGS, own_columns_doc},
    {"lengths", lengths, METH_VARARGS, lengths_doc},
    {"code_points", code_points, METH_VARARGS, code_points_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_core", "The compiled loops of cleantext.compiled (plain C, no numpy headers).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__core(void) {
    str_lower = PyUnicode_InternFromString("lower");
    if (str_lower == NULL) return NULL;
    return PyModule_Create(&module);
}
