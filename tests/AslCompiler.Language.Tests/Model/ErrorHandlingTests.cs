using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class ErrorHandlingTests
{
    [Fact]
    public void Retrier_fields()
    {
        var task = State<TaskState>(
            "{'Type':'Task','Resource':'r','Retry':[{'ErrorEquals':['States.Timeout','Custom'],'IntervalSeconds':3,'MaxAttempts':0," +
            "'BackoffRate':1.5,'MaxDelaySeconds':60,'JitterStrategy':'FULL','Comment':'c'}],'End':true}");
        var retrier = Assert.Single(task.Retry!);
        Assert.Equal(new[] { "States.Timeout", "Custom" }, retrier.ErrorEquals);
        Assert.Equal(3, retrier.IntervalSeconds);
        Assert.Equal(0, retrier.MaxAttempts);
        Assert.Equal(1.5m, retrier.BackoffRate);
        Assert.Equal(60, retrier.MaxDelaySeconds);
        Assert.Equal(JitterStrategy.Full, retrier.JitterStrategy);
        Assert.Equal("c", retrier.Comment);
        Assert.Equal("/States/S/Retry/0", retrier.Pointer);
        Assert.Empty(retrier.UnknownFields);
    }

    [Theory]
    [InlineData("'NONE'", JitterStrategy.None)]
    [InlineData("'full'", JitterStrategy.Unknown)]
    [InlineData("'RANDOM'", JitterStrategy.Unknown)]
    [InlineData("1", null)]
    public void JitterStrategy_values(string value, JitterStrategy? expected)
    {
        var task = State<TaskState>("{'Type':'Task','Resource':'r','Retry':[{'ErrorEquals':['E'],'JitterStrategy':" + value + "}],'End':true}");
        Assert.Equal(expected, task.Retry![0].JitterStrategy);
    }

    [Fact]
    public void Retrier_wrong_types_are_absent()
    {
        var task = State<TaskState>(
            "{'Type':'Task','Resource':'r','Retry':[{'ErrorEquals':['E',1],'IntervalSeconds':'3','MaxAttempts':2.5,'BackoffRate':'2'," +
            "'Bogus':true},'not a retrier'],'End':true}");
        var retrier = Assert.Single(task.Retry!);
        Assert.Null(retrier.ErrorEquals);
        Assert.Null(retrier.IntervalSeconds);
        Assert.Null(retrier.MaxAttempts);
        Assert.Null(retrier.BackoffRate);
        Assert.Equal("Bogus", Assert.Single(retrier.UnknownFields).Name);
    }

    [Fact]
    public void Catcher_fields()
    {
        var task = State<TaskState>(
            "{'Type':'Task','Resource':'r','Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.err','Next':'H','Comment':'c'}," +
            "{'ErrorEquals':['X'],'ResultPath':null,'Output':'{% $states.errorOutput %}','Assign':{'e':1},'Next':'G'}],'End':true}");
        Assert.Equal(2, task.Catch!.Count);
        var first = task.Catch[0];
        Assert.Equal(new[] { "States.ALL" }, first.ErrorEquals);
        Assert.Equal("$.err", first.ResultPath!.Path);
        Assert.Equal("H", first.Next);
        Assert.Equal("c", first.Comment);
        var second = task.Catch[1];
        Assert.True(second.ResultPath!.IsNull);
        Assert.NotNull(second.Output);
        Assert.NotNull(second.Assign);
        Assert.Equal("/States/S/Catch/1", second.Pointer);
        Assert.Empty(task.DescendantsAndSelf().SelectMany(n => n.UnknownFields));
    }

    [Fact]
    public void Catcher_does_not_document_retry_fields()
    {
        var task = State<TaskState>("{'Type':'Task','Resource':'r','Catch':[{'ErrorEquals':['E'],'Next':'N','MaxAttempts':1}],'End':true}");
        Assert.Equal("MaxAttempts", Assert.Single(task.Catch![0].UnknownFields).Name);
    }
}
