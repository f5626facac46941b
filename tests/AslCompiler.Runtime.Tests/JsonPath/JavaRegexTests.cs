using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// A filter's <c>=~</c> reads its pattern as Java does (Jayway compiles it with <c>java.util.regex.Pattern</c> and
/// requires the whole text to match): ASCII classes, Java's dot, quoting, possessive quantifiers, nested classes.
/// </summary>
public class JavaRegexTests
{
    private static bool Matches(string regex, string text)
    {
        var document = JsonValue.Parse("[" + JsonValue.FromString(text).ToJsonString() + "]");
        var result = JsonPathEvaluator.Evaluate("$[?(@ =~ " + regex + ")]", document);
        Assert.True(result.IsSuccess, regex + ": " + result);
        return result.Value.TryGetArray(out var found) && found.Count == 1;
    }

    [Theory]
    [InlineData(@"/\d+/", "123", true)]
    [InlineData(@"/\d+/", "\u0661\u0662", false)] // Arabic-Indic digits: not \d in Java without U
    [InlineData(@"/\d+/U", "\u0661\u0662", true)]
    [InlineData(@"/(?U)\d+/", "\u0661\u0662", true)]
    [InlineData(@"/\w+/", "h\u00E9llo", false)]
    [InlineData(@"/\w+/U", "h\u00E9llo", true)]
    [InlineData(@"/\s/", "\u00A0", false)]
    [InlineData(@"/\s/", "\t", true)]
    [InlineData(@"/\S+/", "a\u00A0b", true)]
    [InlineData(@"/[\D]/", "a", true)]
    [InlineData(@"/[\D]/", "1", false)]
    [InlineData(@"/[\dx]+/", "1x2", true)]
    [InlineData(@"/[^\d\s]/", "a", true)]
    [InlineData(@"/[^\d\s]/", " ", false)]
    [InlineData(@"/[^\d\s]/", "7", false)]
    [InlineData(@"/[\W]/", "-", true)]
    [InlineData(@"/[\W]/", "\u00E9", true)]
    public void Classes_are_ASCII_unless_U(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData("/a.c/", "abc", true)]
    [InlineData("/a.c/", "a\rc", false)]
    [InlineData("/a.c/", "a\u2028c", false)]
    [InlineData("/a.c/", "a\u0085c", false)]
    [InlineData("/a.c/", "a\nc", false)]
    [InlineData("/a.c/d", "a\rc", true)]
    [InlineData("/a.c/d", "a\nc", false)]
    [InlineData("/a.c/s", "a\nc", true)]
    [InlineData("/(?s)a.c/", "a\u2028c", true)]
    public void The_dot_leaves_out_every_line_terminator(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData(@"/\Qa.b\E/", "a.b", true)]
    [InlineData(@"/\Qa.b\E/", "axb", false)]
    [InlineData(@"/\Qab\E+/", "abbb", true)]
    [InlineData(@"/\Qab\E+/", "abab", false)]
    [InlineData(@"/x\Q(*)/", "x(*)", true)]
    [InlineData(@"/[\Q-]\E]+/", "-]-", true)]
    public void Quoting_makes_text_literal(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData("/a*+a/", "aaa", false)]
    [InlineData("/a*a/", "aaa", true)]
    [InlineData("/(ab)++c/", "ababc", true)]
    [InlineData("/[ab]?+b/", "b", false)]
    [InlineData("/a{1,2}+a/", "aa", false)]
    [InlineData("/a{1,2}+a/", "aaa", true)]
    [InlineData("/a+?b/", "aab", true)]
    public void Possessive_quantifiers_give_nothing_back(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData("/[a-z&&[^aeiou]]+/", "bcd", true)]
    [InlineData("/[a-z&&[^aeiou]]+/", "bad", false)]
    [InlineData("/[a-m&&h-z]+/", "hijk", true)]
    [InlineData("/[a-m&&h-z]+/", "g", false)]
    [InlineData("/[a[0-9]]+/", "a1a2", true)]
    [InlineData("/[a[0-9]]+/", "b", false)]
    [InlineData("/[^a[0-9]]/", "b", true)]
    [InlineData("/[^a[0-9]]/", "1", false)]
    [InlineData("/[^a[0-9]]/", "a", false)]
    [InlineData("/[]a]+/", "]a]", true)]
    public void Nested_classes_are_unions_and_intersections(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData(@"/\p{Alpha}+/", "abc", true)]
    [InlineData(@"/\p{Alpha}+/", "\u00E9", false)]
    [InlineData(@"/\p{Alpha}+/U", "\u00E9", true)]
    [InlineData(@"/\p{Punct}/", "!", true)]
    [InlineData(@"/\P{Digit}+/", "ab", true)]
    [InlineData(@"/\P{Digit}+/", "a1", false)]
    [InlineData(@"/[\p{Upper}\p{Digit}]+/", "A1B2", true)]
    [InlineData(@"/[\P{Upper}]/", "a", true)]
    [InlineData(@"/[\P{Upper}]/", "A", false)]
    [InlineData(@"/\p{XDigit}+/", "0fA9", true)]
    [InlineData(@"/\p{Lu}\p{IsLl}+/", "Abc", true)]
    [InlineData(@"/\p{javaLowerCase}+/", "\u00E9t\u00E9", true)]
    [InlineData(@"/\p{InGreek}+/", "\u03B1\u03B2", true)]
    [InlineData(@"/\h/", "\u00A0", true)]
    [InlineData(@"/\H/", "\u00A0", false)]
    [InlineData(@"/\v/", "\u2028", true)]
    [InlineData(@"/a\Rb/", "a\r\nb", true)]
    [InlineData(@"/a\Rb/", "a\u0085b", true)]
    public void Posix_and_Java_classes(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData(@"/\x{41}\x42/", "AB", true)]
    [InlineData(@"/\0101/", "A", true)]
    [InlineData(@"/\e\a/", "\u001B\u0007", true)]
    [InlineData(@"/\cA/", "\u0001", true)]
    [InlineData(@"/\u00e9/", "\u00E9", true)]
    [InlineData(@"/\x{1F600}/", "\U0001F600", true)]
    [InlineData(@"/(a)(b)\2\1/", "abba", true)]
    [InlineData(@"/(?<x>a)\k<x>/", "aa", true)]
    public void Escapes_and_references(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData("/(?i)abc/", "ABC", true)]
    [InlineData("/a(?i)bc/", "aBC", true)]
    [InlineData("/a(?i)bc/", "ABC", false)]
    [InlineData("/(?i:b)c/", "Bc", true)]
    [InlineData("/(?x) a b # comment/", "ab", true)]
    [InlineData("/[a b]/x", " ", false)]
    [InlineData("/[a b]/x", "b", true)]
    [InlineData("/[a b]/", " ", true)]
    [InlineData("/a b/x", "ab", true)]
    [InlineData(@"/a\ b/x", "a b", true)]
    [InlineData("/(?d)a.c/", "a\rc", true)]
    public void Inline_flags_and_comments(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    // Each row's answer is java.util.regex's (JDK 17 and 25). Without u, Java ignores the case of ASCII letters only;
    // with u (which U brings), a character matches those with the same lower case of its upper case. (An exhaustive
    // run over every cased BMP character, as a literal, an escape, a class, its complement, a range and in a run of
    // literals, agreed with JDK 25.)
    [Theory]
    [InlineData("/abc/i", "ABC", true)]
    [InlineData("/[a-z]+/i", "ABC", true)]
    [InlineData("/stra\u00dfe/i", "STRASSE", false)]
    [InlineData("/\u00e9/i", "\u00c9", false)]
    [InlineData(@"/\u00e9/i", "\u00c9", false)]
    [InlineData(@"/\Q\u00e9\E/i", "\u00c9", false)]
    [InlineData("/k/i", "\u212a", false)]
    [InlineData(@"/\x{212a}/i", "k", false)]
    [InlineData("/[a-z]/i", "\u212a", false)]
    [InlineData("/[\u00e9]/i", "\u00c9", false)]
    [InlineData("/[\u00c0-\u00de]/i", "\u00e9", false)]
    [InlineData("/[^a]/i", "A", false)]
    [InlineData("/[Z-a]+/i", "zA", true)] // a range across letters: the other case of those in it
    [InlineData("/[a-z&&[^aeiou]]+/i", "BCD", true)]
    [InlineData(@"/\p{Lower}/i", "A", true)] // Java's \p{Lower} and \p{Upper} ignoring case are the ASCII letters
    [InlineData(@"/\p{Upper}/i", "\u00e9", false)]
    [InlineData(@"/\p{Ll}/i", "A", true)] // Lu, Ll and Lt ignoring case are all three
    [InlineData(@"/[\p{Lu}]/i", "\u01c5", true)]
    [InlineData(@"/\p{javaLowerCase}/i", "A", true)]
    [InlineData(@"/\P{Lower}/i", "A", false)]
    [InlineData(@"/\p{javaTitleCase}/", "\u01c5", true)]
    [InlineData("/(?i)\u00e9/", "\u00c9", false)] // inline flags follow the same rule
    [InlineData("/(?iu)\u00e9/", "\u00c9", true)]
    [InlineData("/(?iU)(?-U)\u00e9/", "\u00c9", false)] // (?-U) takes u away with it
    [InlineData("/\u00e9/iU", "\u00c9", true)]
    [InlineData("/(?i)a(?u)\u00e9/", "A\u00c9", true)]
    [InlineData("/[\u00e9]/iu", "\u00c9", true)]
    [InlineData("/[^\u00e9]/iu", "\u00c9", false)]
    [InlineData("/[\u00c0-\u00de]/iu", "\u00e9", true)]
    [InlineData("/k/iu", "\u212a", true)]
    [InlineData("/[a-z]/iu", "\u212a", true)]
    [InlineData("/[^k]/iu", "\u212a", false)]
    [InlineData("/\u017f/iu", "s", true)] // the long s: its upper case is S
    [InlineData("/s/iu", "\u017f", true)]
    [InlineData("/\u0131/iu", "I", true)] // the dotless i: its upper case is I
    [InlineData("/\u0130/iu", "i", true)] // the dotted I: its lower case is i
    [InlineData("/\u00b5/iu", "\u039c", true)]
    [InlineData("/\u03c2/iu", "\u03c3", true)]
    [InlineData("/\u2126/iu", "\u03c9", true)]
    [InlineData(@"/\w/iu", "\u212a", false)] // a set's case is not folded
    [InlineData(@"/[\w]/iu", "\u212a", false)]
    [InlineData("/a\u00df/iu", "a\u1e9e", true)] // in a run of literals (Java's slice), ß matches ẞ ...
    [InlineData("/\u00df/iu", "\u1e9e", false)] // ... alone (Java's single), only itself
    [InlineData("/a\u00df*/iu", "a\u1e9e", false)] // ... and so when a quantifier splits it off the run
    [InlineData("/\u00dfa*/iu", "\u1e9e", false)]
    [InlineData("/a\u00dfb*/iu", "a\u1e9e", true)]
    [InlineData("/\\Qa\u00df\\E/iu", "a\u1e9e", true)]
    [InlineData("/(?x)a \u00df/iu", "a\u1e9e", true)]
    [InlineData(@"/\d\u00df/iu", "1\u1e9e", false)]
    [InlineData("/(a)\\1/i", "aA", true)]
    public void Case_is_ignored_as_Java_ignores_it(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    // java.util.regex's answers (JDK 17 and 25): a brace quantifier with no atom before it repeats the empty text, and
    // bare inline flags are no atom ('*', '+' and '?' there are refused, as Java refuses them).
    [Theory]
    [InlineData("/(?i){2}a/", "A", true)]
    [InlineData("/\u00e9(?i){2}/u", "\u00e9", true)]
    [InlineData("/(?i){2}?a/", "A", true)]
    [InlineData("/{2}a/", "a", true)]
    [InlineData("/a{2}{3}/", "aa", true)]
    [InlineData("/^{2}a/", "a", true)]
    [InlineData("/a|{2}/", "", true)]
    public void A_brace_quantifier_with_nothing_before_it_repeats_the_empty_text(string regex, string text, bool expected) => Assert.Equal(expected, Matches(regex, text));

    [Theory]
    [InlineData(@"/\X/")]
    [InlineData(@"/\N{LATIN SMALL LETTER A}/")]
    [InlineData("/a{/")]
    [InlineData("/[a/")]
    [InlineData("/a)/")]
    [InlineData("/*a/")]
    [InlineData("/(?i)+a/")]
    [InlineData("/[z-a]/")]
    [InlineData(@"/\y/")]
    public void What_Java_refuses_or_NET_cannot_express_fails_the_path(string regex)
    {
        var result = JsonPathEvaluator.Evaluate("$[?(@ =~ " + regex + ")]", JsonValue.Parse("[\"a\"]"));
        Assert.False(result.IsSuccess);
        Assert.Contains("is not valid", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_patterns_translate_or_are_refused_and_never_throw()
    {
        // Java syntax, .NET syntax and fragments of both: each pattern compiles or is reported invalid, and its match
        // of a few texts ends (the evaluation's regex time limit bounds a pathological one).
        string[] pieces = ["a", "b", ".", "*", "+", "?", "{2}", "{1,", "}", "(", ")", "(?:", "(?i)", "(?x)", "(?U)", "(?iu)", "(?-U)", "\u00e9", "[k-\u00e9]", "(?<n>", "[", "]", "^", "-", "&&",
            "[^", "\\d", "\\W", "\\s", "\\Q", "\\E", "\\p{Alpha}", "\\P{Lu}", "\\x{41}", "\\0", "\\07", "\\u00e9", "\\h", "\\R", "\\k<n>", "\\1", "\\",
            "|", "$", "#", " ", "\\c", "\\x4", "\\p", "\\b"];
        string[] flags = ["", "i", "x", "s", "d", "U", "mx", "iu", "iU"];
        var random = new Random(20261206);
        var compiled = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (pattern.Contains('/', StringComparison.Ordinal) || pattern.EndsWith('\\'))
            {
                continue;
            }

            var regex = "/" + pattern + "/" + flags[random.Next(flags.Length)];
            var result = JsonPathEvaluator.Evaluate("$[?(@ =~ " + regex + ")]", JsonValue.Parse("""["ab", "a\nb", "A1 é", ""]"""));
            if (result.IsSuccess)
            {
                compiled++;
            }
            else
            {
                Assert.True(result.Cause!.Contains("is not valid", StringComparison.Ordinal) || result.Cause.Contains("regular expressions", StringComparison.Ordinal), regex + ": " + result.Cause);
            }
        }

        Assert.InRange(compiled, 500, 4_500);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("(?:[", "])")]
    public void Deeply_nested_patterns_are_refused_not_a_stack_overflow(string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 20_000)) + "x" + string.Concat(Enumerable.Repeat(close, 20_000));
        var result = JsonPathEvaluator.Evaluate("$[?(@ =~ /" + deep + "/)]", JsonValue.Parse("[\"x\"]"));
        Assert.False(result.IsSuccess);
        Assert.Contains("nest more than 256 deep", result.Cause, StringComparison.Ordinal);

        var allowed = string.Concat(Enumerable.Repeat(open, 100)) + "x" + string.Concat(Enumerable.Repeat(close, 100));
        Assert.True(Matches("/" + allowed + "/", "x"));
    }
}
