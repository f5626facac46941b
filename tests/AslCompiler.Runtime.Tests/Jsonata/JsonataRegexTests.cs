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
}
