using AslCompiler.Language.JsonPath;

namespace AslCompiler.Language.Tests.JsonPath;

public class JavaHashMapOrderTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 97)]
    [InlineData("hello", 99162322)]
    [InlineData("Hello World", -862545276)]
    [InlineData("polygenelubricants", int.MinValue)]
    public void StringHashCode_is_Javas(string text, int expected) => Assert.Equal(expected, JavaHashMapOrder.StringHashCode(text));

    [Theory]
    [InlineData(0, 16)]
    [InlineData(12, 16)]
    [InlineData(13, 32)]
    [InlineData(24, 32)]
    [InlineData(25, 64)]
    public void The_table_doubles_past_three_quarters(int count, int capacity) => Assert.Equal(capacity, JavaHashMapOrder.Capacity(count));

    [Theory]
    // Recorded on AWS (localstack test_reference_assign BASE_REFERENCE_IN_INTRINSIC_FUNCTION): the rendered Parameters.
    [InlineData("mergedJson,parsedJson,stringifiedJson", "parsedJson,mergedJson,stringifiedJson")]
    [InlineData("encoded,decoded", "decoded,encoded")]
    [InlineData("splitString,formattedString", "formattedString,splitString")]
    // Same bucket (97 and 113 are 1 modulo 16): insertion order.
    [InlineData("q,a", "q,a")]
    [InlineData("a,q", "a,q")]
    [InlineData("z,a", "a,z")]
    public void Iteration_goes_by_bucket_then_insertion(string keys, string expected)
    {
        var names = keys.Split(',');
        Assert.Equal(expected, string.Join(",", JavaHashMapOrder.IterationOrder(names).Select(i => names[i])));
    }

    [Fact]
    public void Iteration_order_after_resizes_is_by_bucket_of_the_final_table()
    {
        var names = Enumerable.Range(0, 40).Select(i => "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var order = JavaHashMapOrder.IterationOrder(names);
        Assert.Equal(Enumerable.Range(0, 40), order.OrderBy(i => i));
        var buckets = order.Select(i => JavaHashMapOrder.Bucket(names[i], 64)).ToArray();
        Assert.Equal(buckets.OrderBy(b => b), buckets);
    }

    [Fact]
    public void Templates_keep_written_members_first_then_path_members_in_hash_order()
    {
        // Recorded on AWS (test_map_item_reader_base_json_with_items_path): {"Bucket.$","Key.$","from_previous"}.
        var order = JavaHashMapOrder.TemplateOrder([("Bucket", true), ("Key", true), ("from_previous", false)]);
        Assert.Equal([2, 0, 1], order);
        Assert.Equal([0, 1], JavaHashMapOrder.TemplateOrder([("Iterations", false), ("Values", true)]));
    }
}
