using Scout.Ops.Connection;
using Xunit;
using static Scout.Ops.Connection.ContactState;

namespace Scout.Tests.Ops;

public sealed class ContactOrderTests
{
    [Fact]
    public void The_first_node_answers_even_when_a_later_one_was_quicker()
    {
        Assert.Null(ContactOrder.Choose([Pending, Answered], out var allFailed));
        Assert.False(allFailed);
        Assert.Equal(0, ContactOrder.Choose([Answered, Answered], out _));
    }

    [Fact]
    public void A_later_node_stands_in_only_for_nodes_before_it_that_failed()
    {
        Assert.Equal(1, ContactOrder.Choose([Failed, Answered, Answered], out _));
        Assert.Null(ContactOrder.Choose([Failed, Pending, Answered], out _));
    }

    [Fact]
    public void Nobody_is_chosen_when_every_node_failed()
    {
        Assert.Null(ContactOrder.Choose([Failed, Failed], out var allFailed));
        Assert.True(allFailed);
    }
}
