from guardian.shortcuts import assign_perm, get_objects_for_user


def test_object_level_grants_apply_to_the_granted_object_only(world):
    assert not world.outsider.has_perm("authorities.change_authority", world.office)
    assign_perm("authorities.change_authority", world.outsider, world.office)
    assert world.outsider.has_perm("authorities.change_authority", world.office)
    assert not world.outsider.has_perm("authorities.change_authority", world.other_office)
    assert not world.outsider.has_perm("authorities.change_authority")  # no global grant came with it
    granted = get_objects_for_user(world.outsider, "authorities.change_authority")
    assert list(granted) == [world.office]
