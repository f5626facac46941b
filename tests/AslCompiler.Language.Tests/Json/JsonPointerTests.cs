using AslCompiler.Language.Json;

namespace AslCompiler.Language.Tests.Json;

public class JsonPointerTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("/", new[] { "" })]
    [InlineData("/a~1b/~0c/0", new[] { "a/b", "~c", "0" })]
    [InlineData("/~01", new[] { "~1" })]
    public void Parse_unescapes_tokens(string pointer, string[] tokens)
    {
        Assert.Equal(tokens, JsonPointer.Parse(pointer));
        Assert.Equal(pointer, JsonPointer.Build(tokens));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("/~2")]
    [InlineData("/a~")]
    public void Parse_rejects_malformed_pointers(string pointer)
    {
        Assert.Throws<FormatException>(() => JsonPointer.Parse(pointer));
    }

    [Theory]
    [InlineData("/a/1", "2")]
    [InlineData("/a/01", null)]
    [InlineData("/a/5", null)]
    [InlineData("/b", null)]
    [InlineData("/a/-", null)]
    public void Resolve_finds_values_or_nothing(string pointer, string? expected)
    {
        var root = JsonSyntaxReader.Parse("{\"a\": [1, 2]}").Root!;

        Assert.Equal(expected, JsonPointer.Resolve(root, pointer)?.ToJsonString());
    }
}
