using System.Text;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Tests.Model;

public sealed class DeepNestingTests
{
    private static string NotChain(int depth)
    {
        var rule = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            rule.Append("{\"Not\":");
        }

        rule.Append("{\"Variable\":\"$.a\",\"IsNull\":true}");
        rule.Append('}', depth);
        return "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[" + rule.ToString().Replace("{\"Not\"", "{\"Next\":\"C\",\"Not\"", StringComparison.Ordinal) + "]}}}";
    }

    private static string ParallelChain(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[");
        }

        text.Append("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}");
        for (var i = 0; i < depth; i++)
        {
            text.Append("]}}}");
        }

        return text.ToString();
    }

    [Fact]
    public void Choice_rules_as_deep_as_the_reader_allows_are_modelled_and_written()
    {
        var result = AslDefinitionReader.Read(NotChain(500));
        Assert.Empty(result.Diagnostics);
        var rules = result.Definition!.DescendantsAndSelf().OfType<ChoiceRule>().Count();
        Assert.Equal(501, rules);
        var written = AslModelWriter.Write(result.Definition, indented: false);
        Assert.Equal(written, AslModelWriter.Write(AslDefinitionReader.Read(written).Definition!, indented: false));
    }

    [Fact]
    public void Text_nested_beyond_the_reader_limit_is_a_JSON_error_not_a_crash()
    {
        var result = AslDefinitionReader.Read(ParallelChain(200));
        Assert.Null(result.Definition);
        Assert.Equal(AslDiagnosticCodes.InvalidJsonDescription, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Parallel_branches_as_deep_as_the_reader_allows_are_modelled()
    {
        // Each level costs 5 JSON levels: definition/state object, States, state, Branches array, branch.
        var result = AslDefinitionReader.Read(ParallelChain(100));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(101, result.Definition!.AllStates().Count());
    }

    [Fact]
    public void Trees_read_with_a_raised_depth_limit_stop_at_the_model_nesting_limit()
    {
        var json = JsonSyntaxReader.Parse(NotChain(2000), new JsonReaderOptions { MaxDepth = 5000 });
        Assert.True(json.Success);
        var result = AslDefinitionReader.Read(json);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(AslDiagnosticCodes.NestingTooDeep, diagnostic.Code);
        Assert.StartsWith("/States/C/Choices/0/Not/Not", diagnostic.Location, StringComparison.Ordinal);
        Assert.InRange(result.Definition!.DescendantsAndSelf().OfType<ChoiceRule>().Count(), 500, 520);
    }
}
