using System.Reflection;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// <see cref="JsonSyntaxSearch.ContainsVerbatim"/> answers as searching the written JSON text would. The language core's
/// types are in both the generator (linked) and AslCompiler.Language here, so they are reached through the generator.
/// </summary>
public class JsonSyntaxSearchTests
{
    private static readonly Assembly Generator = typeof(AslGenerator).Assembly;

    [Theory]
    [InlineData("""{"Type":"Pass","Parameters":{"a.$":"$$.Execution.Id"}}""")]
    [InlineData("""{"Type":"Pass","Parameters":{"a.$":"$.x"}}""")]
    [InlineData("""{"$$key":1}""")]
    [InlineData("""{"a":["x","y",{"b":"z$$"}]}""")]
    [InlineData("""{"a":"$","b":"$"}""")]
    [InlineData("""{"a":"\u0024\u0024"}""")]
    [InlineData("""{"a":"$\"$"}""")]
    [InlineData("""[1,2.5,true,null,"$ $"]""")]
    public void Finds_what_the_written_text_contains(string json)
    {
        var node = Parse(json);
        var written = (string)node.GetType().GetMethod("ToJsonString")!.Invoke(node, null)!;

        Assert.Equal(written.Contains("$$", StringComparison.Ordinal), Contains(node, "$$"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("\"")]
    [InlineData("\\")]
    public void Rejects_text_that_escapes_could_produce_or_split(string text)
    {
        var failure = Assert.Throws<TargetInvocationException>(() => Contains(Parse("{}"), text));
        Assert.IsType<ArgumentException>(failure.InnerException);
    }

    private static object Parse(string json)
    {
        var reader = Generator.GetType("AslCompiler.Language.Json.JsonSyntaxReader", throwOnError: true)!;
        var options = Generator.GetType("AslCompiler.Language.Json.JsonReaderOptions", throwOnError: true)!;
        var result = reader.GetMethod("Parse", [typeof(string), options])!.Invoke(null, [json, null])!;
        return result.GetType().GetProperty("Root")!.GetValue(result)!;
    }

    private static bool Contains(object node, string text) =>
        (bool)typeof(JsonSyntaxSearch).GetMethod(nameof(JsonSyntaxSearch.ContainsVerbatim))!.Invoke(null, [node, text])!;
}
