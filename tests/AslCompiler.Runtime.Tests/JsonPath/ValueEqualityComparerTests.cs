using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Tests.Json;
using CsCheck;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// ArrayUnique's and ArrayContains's comparer answers as <see cref="JsonValue.Equals(JsonValue)"/> does, with equal
/// hashes for equal values, whatever it remembered from earlier comparisons.
/// </summary>
public class ValueEqualityComparerTests
{
    [Fact]
    public void Agrees_with_JsonValue_equality_and_hashes_equal_values_alike()
    {
        // One for all samples: what it remembers must never mislead it. Samples run on one thread, since a comparer serves
        // one intrinsic call and is not safe to share between threads (CsCheck's default, in parallel, failed at random).
        var comparer = new ValueEqualityComparer();
        Gen.Select(JsonValueTests.GenValue, JsonValueTests.GenValue).Sample((x, y) =>
        {
            // A copy is equal but shares nothing; members reversed compare equal too.
            var copy = JsonValue.Parse(x.ToJsonString());
            var reversed = x.TryGetObject(out var obj) ? JsonValue.CreateObject(obj.Reverse().ToArray()) : copy;
            foreach (var (a, b) in new[] { (x, y), (x, copy), (copy, x), (x, reversed), (y, copy) })
            {
                Assert.Equal(a.Equals(b), comparer.Equals(a, b));
                if (a.Equals(b))
                {
                    Assert.Equal(comparer.GetHashCode(a), comparer.GetHashCode(b));
                }
            }
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("9007199254740993", "9007199254740992", false)]
    [InlineData("9007199254740992", "9007199254740992.0", true)]
    [InlineData("3", "3.0", true)]
    [InlineData("0", "-0.0", true)]
    [InlineData("100000000000000000000", "1e20", true)]
    [InlineData("100000000000000000001", "1e20", false)]
    [InlineData("-100000000000000000000", "-1E+20", true)]
    [InlineData("1e400", "2e400", true)] // both overflow to infinity, as JsonValue compares them
    [InlineData("1.5", "1.50", true)]
    public void Numbers_are_equal_by_value_and_hash_exactly(string left, string right, bool equal)
    {
        var comparer = new ValueEqualityComparer();
        var a = JsonValue.Parse(left);
        var b = JsonValue.Parse(right);

        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, comparer.Equals(a, b));
        if (equal)
        {
            Assert.Equal(comparer.GetHashCode(a), comparer.GetHashCode(b));
        }
    }

    [Fact]
    public void Long_strings_and_containers_found_equal_stay_equal_and_unequal_ones_stay_apart()
    {
        var comparer = new ValueEqualityComparer();
        var text = new string('s', 1000);
        var s1 = JsonValue.FromString(text);
        var s2 = JsonValue.FromString(new string('s', 1000));
        var other = JsonValue.FromString(new string('s', 999) + "t");
        var o1 = JsonValue.CreateArray(s1, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("k", s2)));
        var o2 = JsonValue.CreateArray(s2, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("k", s1)));
        var o3 = JsonValue.CreateArray(s2, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("k", other)));

        for (var round = 0; round < 2; round++)
        {
            Assert.True(comparer.Equals(s1, s2));
            Assert.False(comparer.Equals(s2, other));
            Assert.True(comparer.Equals(o1, o2));
            Assert.False(comparer.Equals(o1, o3));
            Assert.False(comparer.Equals(o3, o2));
        }
    }
}
