using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using Xunit.Abstractions;

namespace AslCompiler.Language.Tests.Model;

public sealed class ModelCorpusTests
{
    private readonly ITestOutputHelper _output;

    public ModelCorpusTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> AllDefinitions() => ModelCorpus.AllIds();

    public static IEnumerable<object[]> ValidDefinitions() => ModelCorpus.ValidIds();

    [Theory]
    [MemberData(nameof(AllDefinitions))]
    public void Every_readable_definition_builds_a_model(string id)
    {
        var result = ModelCorpus.Get(id).Read();
        if (result.Root is JsonObjectSyntax)
        {
            Assert.NotNull(result.Definition);
            Assert.Empty(result.Diagnostics);

            // Every node is reachable and points back into the source it came from.
            foreach (var node in result.Definition!.DescendantsAndSelf())
            {
                Assert.Same(node.Syntax, Resolve(result.Root, node.Pointer));
            }
        }
        else
        {
            Assert.Null(result.Definition);
            Assert.NotEmpty(result.Diagnostics);
        }
    }

    [Theory]
    [MemberData(nameof(ValidDefinitions))]
    public void Valid_definitions_have_no_unknown_fields_and_only_known_state_types(string id)
    {
        var definition = ReadValid(id);
        var unknown = definition.DescendantsAndSelf()
            .SelectMany(node => node.UnknownFields.Select(field => field.Pointer))
            .ToList();
        Assert.Empty(unknown);
        Assert.All(definition.AllStates(), state => Assert.NotEqual(StateType.Unknown, state.Type));
        Assert.All(definition.DescendantsAndSelf().OfType<StateGraph>(), graph => Assert.Empty(graph.NonObjectStates));
    }

    [Theory]
    [MemberData(nameof(ValidDefinitions))]
    public void Valid_definitions_survive_the_writer_round_trip(string id)
    {
        var definition = ReadValid(id);
        foreach (var indented in new[] { true, false })
        {
            var written = AslModelWriter.Write(definition, indented);
            var reread = AslDefinitionReader.Read(written);
            Assert.True(reread.Success, string.Join("; ", reread.Diagnostics));
            Assert.Equal(written, AslModelWriter.Write(reread.Definition!, indented));

            // Canonical order changes member order only: the content is the same JSON.
            Assert.True(
                UnorderedJson.Equal(definition.Syntax, reread.Definition!.Syntax),
                "the written definition differs from the source beyond member order");
        }
    }

    [Fact]
    public void Corpus_counts_do_not_drop()
    {
        var all = ModelCorpus.All;
        var readable = 0;
        var valid = 0;
        var states = 0;
        foreach (var item in all)
        {
            var result = item.Read();
            if (result.Definition is not null)
            {
                readable++;
                states += result.Definition.AllStates().Count();
            }

            if (item.ExpectedValid)
            {
                valid++;
            }
        }

        _output.WriteLine($"definitions: {all.Count}, models built: {readable}, marked valid: {valid}, states: {states}");
        Assert.True(all.Count >= 1100, $"only {all.Count} corpus definitions found");
        Assert.True(readable >= all.Count - 5, $"only {readable} of {all.Count} definitions built a model");
        Assert.True(valid >= 990, $"only {valid} definitions are marked valid");
    }

    private static StateMachineDefinition ReadValid(string id)
    {
        var result = ModelCorpus.Get(id).Read();
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        return result.Definition!;
    }

    private static JsonSyntaxNode? Resolve(JsonSyntaxNode root, string pointer) =>
        JsonPointer.Resolve(root, pointer.Substring(root.Pointer.Length));
}
