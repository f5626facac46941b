using AslCompiler.Language.JsonPath;

namespace AslCompiler.Language.Tests.JsonPath;

public class QuotedNameEscapeTests
{
    [Theory]
    [InlineData(@"$['\\']", @"\")] // an escaped backslash (Jayway corpus)
    [InlineData(@"$['\'']", "'")] // the delimiting quote (Jayway corpus)
    [InlineData(@"$[""a\""b""]", "a\"b")]
    [InlineData(@"$['Test\""Name""']", @"Test\""Name""")] // recorded on AWS: the other quote keeps its backslash
    [InlineData(@"$['a\x']", @"a\x")]
    [InlineData(@"$['a\nb']", "a\nb")]
    public void A_backslash_escapes_itself_the_delimiter_and_control_characters_only(string path, string name)
    {
        var segment = Assert.IsType<JsonPathPropertySegment>(Assert.Single(JsonPathParser.Parse(path).Segments));
        Assert.Equal(name, segment.Name);
    }
}
