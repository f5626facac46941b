using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// Expressions on which a differential fuzz against the reference implementation (jsonata 2.0.6, JavaScript) found the
/// evaluator answering differently; each row's expected value is the reference's answer: the result as JSON,
/// <c>undefined</c>, or <c>error CODE message</c>. Linked into the runtime's tests (the evaluator) and the
/// generator's (generated code).
/// </summary>
internal static class JsonataReferenceCases
{
    public static readonly (string Expression, string? Input, string Expected)[] Rows =
    [
        // $assert fails on any condition that is not true, undefined included, and an empty message is no message.
        ("$assert(nothing.x, 'm')", "{}", "error D3141 m"),
        ("$assert(undefined)", null, "error D3141 $assert() statement failed"),
        ("$assert(false, '')", null, "error D3141 $assert() statement failed"),
        ("$assert(true, 'm')", null, "undefined"),

        // $formatNumber drops a decimal separator that nothing follows once the fraction rounds to zeros.
        ("$formatNumber(0.04, '#0.#')", null, "\"0\""),
        ("$formatNumber(0.000001, '#0.##')", null, "\"0\""),
        ("$formatNumber(0.04, '#.#')", null, "\".0\""),
        ("$formatNumber(1234, '#,##0', {'decimal-separator': 'ab'})", null, "\"1,234a\""),

        // $string rounds numbers to 15 digits; one that rounds past the largest double prints as JSON.stringify
        // prints an infinity: null.
        ("$string(1.7976931348623157e308)", null, "\"null\""),
        ("$string([1.7976931348623157e308, 0.1 + 0.2])", null, "\"[null,0.3]\""),

        // $clone, and so a transform, copies through JSON.parse($string(x)): numbers to 15 digits, functions as "".
        ("$clone({'a': [0.1 + 0.2, 1.7976931348623157e308, -0], 'f': $uppercase, 'g': [$uppercase]})", null, """{"a":[0.3,null,0],"f":"","g":[""]}"""),
        ("$ ~> |$|{'b': 1}|", """{"a": 9007199254740993, "c": 1.7976931348623157e308}""", """{"a":9007199254740990,"c":null,"b":1}"""),

        // A roman numeral with any other character parses to NaN (JSONata's lookup of it is undefined), and NaN is not
        // numeric to JSONata (its isNumeric is false): $type "object", $boolean false, no predicate
        // index, no $sort without a comparator. (A result holding NaN is D1001 here; JSONata returns NaN itself.)
        ("$parseInteger('abc', 'I') = 0", null, "false"),
        ("$parseInteger('mmxxi', 'i')", null, "2021"),
        ("[$type($parseInteger('x', 'w')), $type(1 % 0)]", null, """["object","object"]"""),
        ("[$boolean($parseInteger('x', 'w')), $not($parseInteger('x', 'I')), $parseInteger('x', '0') ? 1 : 2]", null, "[false,true,2]"),
        ("[1, 2, 3][[0, $parseInteger('x', 'w')]]", null, "undefined"),
        ("$sort([3, $parseInteger('x', 'w'), 1])", null, "error D3070 The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function"),

        // $round is JavaScript's Math.round (then half to even), which adding 0.5 and flooring is not near 2^53.
        ("$round(9007199254740991)", null, "9007199254740991"),
        ("[$round(0.49999999999999994), $round(-0.49999999999999994), $round(-2.5), $round(-3.5)]", null, "[0,0,-2,-4]"),

        // $formatBase prints as JavaScript's toString(radix): past the double's precision the digits are zeros.
        ("$formatBase(1e20, 3)", null, "\"220200020122120112010222022122002000000000\""),
        ("$formatBase(12345678901234567890, 36)", null, "\"2lsohxawjug00\""),
        ("$formatBase(-1e20, 7)", null, "\"-344015313561621001540000\""),

        // $base64encode/$base64decode are Node's Buffer with the 'binary' encoding: the low byte of each UTF-16 unit;
        // decoding reads both alphabets, skips other characters and stops at the first '='.
        ("[$base64encode('ǅ'), $base64encode('日本語'), $base64encode('😀x')]", null, """["xQ==","5Sye","PQB4"]"""),
        ("[$base64decode('aGVsbG8-_w'), $base64decode('aGVsbG8=aGVsbG8='), $base64decode('aGVsbA=x'), $base64decode('aGVs bG8')]", null, """["hello>ÿ","hello","hell","hello"]"""),

        // $uppercase/$lowercase are JavaScript's full Unicode case mapping: one-to-many mappings, ı and ſ, İ, final sigma.
        ("$uppercase('Straße ﬁx ᾳ ǰ ı ſ')", null, "\"STRASSE FIX \u0391\u0399 J\u030C I S\""),
        ("$lowercase('ΟΔΟΣ ΟΔΟΣ. Σ AΣb A.Σ İ')", null, "\"οδος οδος. σ aσb a.ς i\u0307\""),

        // A wildcard over an object with an array value gives an array, not a sequence: a single item stays an array.
        ("a.*", """{"a": {"b": [1]}}""", "[1]"),
        ("{'x': a.*, 'y': {'a': []}.*, 'z': {'a': [[]], 'b': 1}.*, 'w': {'a': 1}.*}", """{"a": {"b": [1]}}""", """{"x":[1],"y":[],"z":[1],"w":1}"""),
        ("[{'a': []}, {'a': [2]}].*", null, "2"),

        // $formatNumber formats what JavaScript's toFixed gives, which from 1e21 on is the exponent text.
        ("[$formatNumber(1e20, '#%'), $formatNumber(1e21, '#,##0.00'), $formatNumber(-1.5e21, '0.0'), $formatNumber(9.99e20, '#,###.00')]", null, """["1e+22%","1e,+21.00","-1.5e+21","999,000,000,000,000,000,000.00"]"""),

        // JSONata's regexes are JavaScript's without the u flag: an escaped character with no meaning of its own is
        // itself (\k without named groups, \_, \z, \A, \a, \p, \x and \u without hex digits, \B in a class, \é);
        // \b, \B and \W are ASCII word characters', \s JavaScript's white space (U+FEFF, not U+0085); \c without a
        // letter is a backslash.
        ("$match('k<x>', /\\k<x>/).match", null, "\"k<x>\""),
        ("$contains('a_b', /\\_/)", null, "true"),
        ("$match('éa b', /\\b\\w+\\b/).match", null, "[\"a\",\"b\"]"),
        ("$replace('café xé', /\\Bé/, 'E')", null, "\"café xé\""),
        ("$replace('a\\u00a0b\\ufeffc\\u0085d', /\\s/, '_')", null, "\"a_b_c\u0085d\""),
        ("$split('a\\u00a0b\\u0085c', /[\\S]/)", null, "[\"\",\"\u00a0\",\"\",\"\",\"\"]"),
        ("$match('zAZaGe', /\\z\\A\\Z\\a\\G\\e/).match", null, "\"zAZaGe\""),
        ("$match('p{L}', /\\p{L}/).match", null, "\"p{L}\""),
        ("[$match('xq', /\\xq/).match, $match('u12', /\\u12/).match, $match('uu', /\\u{2}/).match, $match('aé', /\\é/).match]", null, "[\"xq\",\"u12\",\"uu\",\"é\"]"),
        ("$match('abab', /(?<x>ab)\\k<x>/).match", null, "\"abab\""),
        ("[$contains('B', /[\\B]/), $contains('\\u0085', /[\\s]/), $contains('٣', /[\\D]/), $contains('é', /[\\W]/)]", null, "[true,false,true,true]"),
        ("[$match('a\\\\cb', /\\c/).match, $match('\\u0001', /\\cA/).match]", null, "[\"\\\\c\",\"\\u0001\"]"),
        ("$match('a\\rb\\u2028c', /^\\w/m).match", null, "[\"a\",\"b\",\"c\"]"), // a line starts after \r and U+2028 too

        // Groups are numbered in the order they open, named or not (.NET numbers named ones last), and \k<name> refers
        // to one; a decimal escape past the groups there are is \8, \9 or a legacy octal escape (\2 is U+0002).
        ("$match('a\\u0002', /a\\2/).match", null, "\"a\\u0002\""),
        ("$match('a8', /a\\8/).match", null, "\"a8\""),
        ("$match('\\u0000', /\\0/).match", null, "\"\\u0000\""),
        ("$match('ab', /(?<x>a)(b)/).groups", null, "[\"a\",\"b\"]"),
        ("$match('abb', /(?<x>a)(b)\\2/).match", null, "\"abb\""),
        ("$match('aba', /(?<x>a)(b)\\k<x>/).match", null, "\"aba\""),
        ("$match('a\\n', /a\\12/).match", null, "\"a\\n\""),
        ("$replace('ab', /(?<x>a)(b)/, '$2$1')", null, "\"ba\""),
    ];

    /// <summary>A result as the rows write it.</summary>
    public static string Show(JsonataResult result) =>
        result.Error is { } error ? "error " + error.Code + " " + error.Message
        : result.Value.IsUndefined ? "undefined"
        : result.Value.ToJsonString();
}
