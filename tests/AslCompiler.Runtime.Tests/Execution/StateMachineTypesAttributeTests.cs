using System.Reflection;
using AslCompiler.Runtime.Compiled;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// <see cref="StateMachineTypesAttribute"/> is what the generator reads from your half of a generated class: once, on a
/// class, and not on classes derived from it (a derived class is generated from a file of its own, or not at all).
/// </summary>
public sealed class StateMachineTypesAttributeTests
{
    [StateMachineTypes(InputType = typeof(string), OutputType = typeof(int[]))]
    private sealed class Marked;

    [Fact]
    public void It_goes_once_on_a_class_and_is_not_inherited()
    {
        var usage = typeof(StateMachineTypesAttribute).GetCustomAttribute<AttributeUsageAttribute>()!;

        Assert.Equal(AttributeTargets.Class, usage.ValidOn);
        Assert.False(usage.AllowMultiple);
        Assert.False(usage.Inherited);
    }

    [Fact]
    public void It_keeps_the_types_it_is_given_and_either_may_be_left_unset()
    {
        var attribute = typeof(Marked).GetCustomAttribute<StateMachineTypesAttribute>()!;

        Assert.Equal(typeof(string), attribute.InputType);
        Assert.Equal(typeof(int[]), attribute.OutputType);
        Assert.Null(new StateMachineTypesAttribute().InputType);
        Assert.Null(new StateMachineTypesAttribute().OutputType);
    }
}
