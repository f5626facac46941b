using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>
/// Regex literals are JavaScript's: syntax only .NET reads (inline options, atomic groups, comments, conditionals,
/// quoted names, a repeated assertion) is an invalid regular expression, as jsonata-js finds it, not a pattern that
/// quietly matches. (A differential run of 3,000 random patterns against jsonata-js agreed on every one.)
/// </summary>
public class JsonataRegexTests
{
    [Theory]
    [InlineData("(?i)x")]
    [InlineData("(?i:x)")]
    [InlineData("(?>x)")]
    [InlineData("(?#note)x")]
    [InlineData("(?(x)x|y)")]
    [InlineData("(?'n'x)")]
    [InlineData("(?<n>x)\\k<m>")] // a name no group has
    [InlineData("(?<n>x)(?<n>y)")] // a name given twice
    [InlineData("(?<n-m>x)")] // a .NET balancing group
    [InlineData("^*x")] // an assertion repeated: nothing to repeat
    [InlineData("x$+")]
    [InlineData("\\b{2}x")]
    [InlineData("x\\B?")]
    public void Syntax_only_dotnet_reads_is_an_invalid_regular_expression(string pattern)
    {
        var error = JsonataExpression.Compile("$match('x', /" + pattern + "/)").Evaluate(default).Error;
        Assert.NotNull(error);
        Assert.Equal("S0302", error.Code);
        Assert.Equal("Invalid regular expression: /" + pattern + "/", error.Message);
    }

    [Theory]
    [InlineData("(?:x)", "\"x\"")]
    [InlineData("(?=x)x", "\"x\"")]
    [InlineData("(?!y)x", "\"x\"")]
    [InlineData("(?<=)x", "\"x\"")]
    [InlineData("(?<!y)x", "\"x\"")]
    [InlineData("(?<n>x)\\k<n>", "undefined")]
    [InlineData("(?=x)*x", "\"x\"")] // a lookahead may be repeated
    [InlineData("\\^*x", "\"x\"")] // an escaped ^ is a character
    [InlineData("x\\\\b?", "undefined")] // an escaped backslash, then b: 'x' has no backslash
    [InlineData("^{,2}", "undefined")] // {,2} is no quantifier: the characters themselves
    public void The_groups_javascript_reads_are_read(string pattern, string expected)
    {
        var result = JsonataExpression.Compile("$match('x', /" + pattern + "/).match").Evaluate(default);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(expected, result.Value.IsUndefined ? "undefined" : result.Value.ToJsonString());
    }

    private static string Show(string expression)
    {
        var result = JsonataExpression.Compile(expression).Evaluate(default);
        return result.IsSuccess ? (result.Value.IsUndefined ? "undefined" : result.Value.ToJsonString()) : result.Error!.Code;
    }

    // Each row's answer is jsonata-js 2.0.6's (node 20). JavaScript without the u flag ignores case by Canonicalize:
    // a code unit stands for its upper case when that is one unit and not an ASCII one for a non-ASCII unit. So the
    // Kelvin sign (its own upper case) is not k, nor the long s s; the micro sign, final sigma and the ypogegrammeni
    // (whose upper cases are Greek capitals) do match them. An exhaustive run of every cased BMP code unit (9,692
    // patterns: the unit, a class of it, its complement, a range to it) agreed with jsonata-js but for the 6 code units
    // newer than .NET's case tables (Unicode 17's).
    [Theory]
    [InlineData("$match(\"k\\u212a\", /k/i).index", "0")]
    [InlineData("$match(\"K\", /\\u212a/i).index", "undefined")]
    [InlineData("$match(\"s\\u017f\", /S/i).index", "0")]
    [InlineData("$match(\"\\u212a\", /[a-z]/i).index", "undefined")]
    [InlineData("$match(\"\\u212a\", /\\w/i).index", "undefined")]
    [InlineData("$match(\"k\\u212a\", /[^k]/i).index", "1")]
    [InlineData("$match(\"\\u00e9\\u00c9\", /\\u00c9/i).index", "[0,1]")]
    [InlineData("$match(\"\\u039c\\u03bc\", /\\u00b5/i).index", "[0,1]")]
    [InlineData("$match(\"\\u03c9\", /\\u2126/i).index", "undefined")]
    [InlineData("$match(\"\\u03a3\\u03c3\", /\\u03c2/i).index", "[0,1]")]
    [InlineData("$match(\"\\u00df\", /\\u1e9e/i).index", "undefined")]
    [InlineData("$match(\"SS\", /\\u00df/i).index", "undefined")]
    [InlineData("$match(\"\\u0399\\u03b9\\u0345\", /[\\u1fbe]/i).index", "[0,1,2]")]
    [InlineData("$match(\"\\u1f88\", /\\u1f80/i).index", "undefined")] // its upper case is two units: only itself
    [InlineData("$match(\"\\u01c4\\u01c6\", /\\u01c5/i).index", "[0,1]")]
    [InlineData("$match(\"xABC\", /[^a-c]/i).index", "0")]
    [InlineData("$match(\"aAbB\", /(a)\\1/i).match", "\"aA\"")]
    public void Case_is_ignored_as_javascript_canonicalizes_it(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    // jsonata-js 2.0.6's answers. A reference to a group that has not matched matches the empty text; a group's name
    // is an identifier whose characters may be escapes; in a pattern with named groups, \k is only a reference.
    [Theory]
    [InlineData("$match(\"a\", /\\k<x>(?<x>a)/).match", "\"a\"")]
    [InlineData("$match(\"a\", /\\1(a)/).match", "\"a\"")]
    [InlineData("$match(\"b\", /(a)|\\1b/).match", "\"b\"")]
    [InlineData("$match(\"b\", /(?<x>a)|\\k<x>b/).match", "\"b\"")]
    [InlineData("$match(\"aab\", /(?<x>a)\\k<x>(?<y>b)/)", "{\"match\":\"aab\",\"index\":0,\"groups\":[\"a\",\"b\"]}")]
    [InlineData("$match(\"aa\", /(?<a\\u0062>a)\\k<ab>/).match", "\"aa\"")]
    [InlineData("$match(\"aa\", /(?<\\u{62}>a)\\k<b>/).match", "\"aa\"")]
    [InlineData("$match(\"aa\", /(?<a>a)\\k<\\u0061>/).match", "\"aa\"")]
    [InlineData("$match(\"aa\", /(?<\U0001D49C>a)\\k<\\ud835\\udc9c>/).match", "\"aa\"")]
    [InlineData("$match(\"aa\", /(?<\u2170>a)\\k<\u2170>/).match", "\"aa\"")] // a letter number
    [InlineData("$match(\"aa\", /(?<a\u00b7>a)\\k<a\u00b7>/).match", "\"aa\"")] // Other_ID_Continue
    [InlineData("$match(\"aa\", /(?<x>a)[\\k<x>]/).match", "S0302")]
    [InlineData("$match(\"aa\", /(?<x>a)\\k/).match", "S0302")]
    [InlineData("$match(\"aa\", /(?<\\u0031>a)/).match", "S0302")]
    [InlineData("$match(\"aa\", /(?<a>a)(?<\\u0061>b)/).match", "S0302")]
    [InlineData("$match(\"aa\", /(?<a\\x62>a)/).match", "S0302")]
    [InlineData("$match(\"k\", /[\\k]/).match", "\"k\"")] // without named groups, \k is k
    public void Named_groups_and_references_are_read_as_javascript_reads_them(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    // jsonata-js 2.0.6's answers: a class as JavaScript reads it without the u flag.
    [Theory]
    [InlineData("$match(\"-\", /[\\w-a]/).match", "\"-\"")] // a set cannot bound a range: \w, '-' and 'a'
    [InlineData("$match(\"\\u0011\", /[\\c1]/).match", "\"\\u0011\"")] // in a class \c takes a digit
    [InlineData("$match(\"\\\\c\", /[\\c]+/).match", "\"\\\\c\"")]
    public void Classes_are_read_as_javascript_reads_them(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    // jsonata-js 2.0.6's answers: a group that took no part in the match is undefined (null when written as JSON).
    [Theory]
    [InlineData("$match(\"b\", /(a)|b/)", "{\"match\":\"b\",\"index\":0,\"groups\":[null]}")]
    [InlineData("$match(\"b\", /(a)|b/).groups[0]", "undefined")]
    [InlineData("$count($match(\"b\", /(a)|(b)/).groups)", "2")]
    [InlineData("$string($match(\"xb\", /(a)?b/).groups)", "\"[null]\"")]
    [InlineData("$replace(\"b\", /(a)|b/, function($m){$exists($m.groups[0]) ? \"y\" : \"n\"})", "\"n\"")]
    [InlineData("$replace(\"b\", /(a)|b/, \"[$1]\")", "\"[]\"")]
    [InlineData("$join($match(\"b\", /(a)|(b)/).groups, \",\")", "T0412")]
    public void A_group_that_did_not_match_is_undefined(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));
}
