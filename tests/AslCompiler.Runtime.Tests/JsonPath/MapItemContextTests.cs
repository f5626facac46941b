using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// <c>$$.Map.Item.Value...</c> is read from the Map item a frame's context carries, without building the context
/// object; every other <c>$$</c> path builds it once. Both give what the built object gives, failures included.
/// </summary>
public class MapItemContextTests
{
    private static readonly JsonValue Item = JsonValue.Parse("""{"sku":"s1","qty":[1,{"n":2}],"none":null}""");

    private static readonly JsonValue Context = JsonValue.Parse(
        """{"Execution":{"Name":"run"},"Map":{"Item":{"Index":4,"Value":""" + Item.ToJsonString() + """}}}""");

    [Theory]
    [InlineData("$$.Map.Item.Value", false)]
    [InlineData("$$.Map.Item.Value.sku", false)]
    [InlineData("$$.Map.Item.Value.qty[1].n", false)]
    [InlineData("$$.Map.Item.Value.none", false)]
    [InlineData("$$.Map.Item.Value.missing", false)]
    [InlineData("$$.Map.Item.Value.sku.deeper", false)]
    [InlineData("$$.Map.Item.Value.qty[5]", false)]
    [InlineData("$$.Map.Item.Index", true)]
    [InlineData("$$.Map.Item", true)]
    [InlineData("$$.Execution.Name", true)]
    [InlineData("$$.Map.Item.Value.qty[*]", true)]
    [InlineData("$$.Map.Item['Value','Index']", true)]
    public void A_map_item_path_gives_what_the_built_context_object_gives(string path, bool builds)
    {
        var built = 0;
        var lazy = new EvaluationContext
        {
            ContextFactory = () =>
            {
                built++;
                return Context;
            },
            MapItemIndex = 4,
            MapItemValue = Item,
        };
        var eager = new EvaluationContext { ContextObject = Context };

        var expected = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject, eager);
        var actual = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject, lazy);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Cause, actual.Cause);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(builds ? 1 : 0, built);

        // Built once, however often it is read.
        JsonPathEvaluator.Evaluate("$$.Execution.Name", JsonValue.EmptyObject, lazy);
        Assert.Equal(1, built);
    }
}
